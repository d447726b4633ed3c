package io.bmo.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.train.ArraySource;
import io.bmo.datasets.io.Npy;
import io.bmo.jobs.UserError;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row-range reads from .npy files equal reading the whole arrays; bad files are rejected naming them. */
class NpyRowSourceTest {
  @TempDir
  Path dir;

  @Test
  void rowRangesEqualTheWholeArrayAfterSerialization() throws Exception {
    int rows = 37;
    int m = 5;
    int n = 9;
    double[] b = new double[rows * m];
    double[] x = new double[rows * n];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextGaussian();
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(rows, m, b));
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(rows, n, x));
    NpyRowSource src = NpyRowSource.open(dir.resolve("b.npy").toString(), dir.resolve("x.npy").toString(), m, n,
        new Configuration());
    // as a Spark task would get it
    Path ser = dir.resolve("src.bin");
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(ser))) {
      out.writeObject(src);
    }
    NpyRowSource copy;
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(ser))) {
      copy = (NpyRowSource) in.readObject();
    }
    ArraySource ref = new ArraySource(m, n, b, x);
    assertEquals(rows, copy.size());
    for (int[] range : new int[][] {{0, 37}, {5, 8}, {36, 1}, {20, 17}}) {
      double[] b1 = new double[range[1] * m];
      double[] x1 = new double[range[1] * n];
      double[] b2 = new double[range[1] * m];
      double[] x2 = new double[range[1] * n];
      copy.fill(range[0], range[1], b1, x1);
      ref.fill(range[0], range[1], b2, x2);
      assertArrayEquals(b2, b1, 0.0);
      assertArrayEquals(x2, x1, 0.0);
    }
  }

  @Test
  void rejectsNonFiniteValuesAndWrongShapesAndFallsBackForOtherLayouts() throws Exception {
    double[] b = new double[4 * 3];
    b[7] = Double.NaN;
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(4, 3, b));
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(4, 2, new double[8]));
    Configuration conf = new Configuration();
    UserError nan = assertThrows(UserError.class, () -> NpyRowSource.open(dir.resolve("b.npy").toString(),
        dir.resolve("x.npy").toString(), 3, 2, conf));
    assertTrue(nan.getMessage().contains("b.npy") && nan.getMessage().contains("index 7"), nan.getMessage());
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(4, 3, new double[12]));
    UserError shape = assertThrows(UserError.class, () -> NpyRowSource.open(dir.resolve("b.npy").toString(),
        dir.resolve("x.npy").toString(), 3, 5, conf));
    assertTrue(shape.getMessage().contains("x.npy"), shape.getMessage());
    // a Fortran-order file (from the numpy fixtures) is read whole instead
    Path fortran = Path.of("..", "datasets", "src", "test", "resources", "npy");
    try (var files = Files.list(fortran)) {
      Path f = files.filter(p -> p.getFileName().toString().contains("fortran")).findFirst().orElseThrow();
      Npy.Info info;
      try (var in = Files.newInputStream(f)) {
        info = Npy.readInfo(in, f.toString());
      }
      assertTrue(info.fortranOrder());
      int rows = info.shape()[0];
      Npy.write(dir.resolve("xf.npy"), Npy.ofMatrix(rows, 1, new double[rows]));
      assertNull(NpyRowSource.open(f.toString(), dir.resolve("xf.npy").toString(), info.shape()[1], 1, conf));
    }
  }
}
