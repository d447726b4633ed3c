package io.bmo.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.io.Csv;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.CliRunner;
import io.bmo.jobs.SparkTestData;
import io.bmo.jobs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same examples as .npy, .csv and Parquet (written by Spark) read identically; training from each agrees. */
class MatrixFilesTest {
  @TempDir
  Path dir;

  @Test
  void npyCsvAndSparkParquetGiveTheSameRowsAndTheSameTraining() throws Exception {
    int rows = 30;
    int m = 8;
    int n = 16;
    java.util.Random r = new java.util.Random(4);
    double[] b = new double[rows * m];
    double[] x = new double[rows * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextGaussian();
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() < 0.2 ? r.nextGaussian() : 0.0;
    }
    double[] a = new double[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian() / Math.sqrt(m);
    }
    Npy.write(dir.resolve("A.npy"), Npy.ofMatrix(m, n, a));
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(rows, m, b));
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(rows, n, x));
    Csv.write(dir.resolve("b.csv"), Npy.ofMatrix(rows, m, b));
    Csv.write(dir.resolve("x.csv"), Npy.ofMatrix(rows, n, x));
    SparkSession spark = SparkTestData.session("local[1]", "parquet-writer");
    try {
      SparkTestData.pairs(spark, b, x, rows, m, n).coalesce(1).write().parquet(dir.resolve("pairs.parquet").toString());
    } finally {
      spark.stop();
    }
    Configuration conf = new Configuration();
    NpyArray pb = MatrixFiles.read(dir.resolve("pairs.parquet").toString(), "signal", conf, rows, m);
    NpyArray px = MatrixFiles.read(dir.resolve("pairs.parquet").toString(), "code", conf, rows, n);
    NpyArray cb = MatrixFiles.read(dir.resolve("b.csv").toString(), "signal", conf, rows, m);
    assertArrayEquals(b, pb.data(), 0.0);
    assertArrayEquals(x, px.data(), 0.0);
    assertArrayEquals(b, cb.data(), 0.0);

    UserError missing = assertThrows(UserError.class, () ->
        MatrixFiles.read(dir.resolve("pairs.parquet").toString(), "codes", conf, -1, -1));
    assertTrue(missing.getMessage().contains("no column 'codes'"), missing.getMessage());
    UserError shape = assertThrows(UserError.class, () ->
        MatrixFiles.read(dir.resolve("x.csv").toString(), "code", conf, rows, n + 1));
    assertTrue(shape.getMessage().contains("x.csv"), shape.getMessage());

    String common = "name = f\nmodel { type = ista, layers = 3 }\ntrain { steps = 3, shards = 2, block-size = 8,"
        + " eval-every = 0 }\nspark { executor = local }\n";
    Path c1 = dir.resolve("npy.conf");
    Files.writeString(c1, common + "data { source = files, dictionary = \"" + dir.resolve("A.npy")
        + "\", train-signals = \"" + dir.resolve("b.npy") + "\", train-codes = \"" + dir.resolve("x.npy") + "\" }\n");
    Path c2 = dir.resolve("pq.conf");
    Files.writeString(c2, common + "data { source = files, dictionary = \"" + dir.resolve("A.npy")
        + "\", train-signals = \"" + dir.resolve("pairs.parquet") + "\", train-codes = \""
        + dir.resolve("pairs.parquet") + "\" }\n");
    CliRunner.Result r1 = CliRunner.run("train", c1.toString(), "--out", dir.resolve("r1").toString(), "--quiet");
    CliRunner.Result r2 = CliRunner.run("train", c2.toString(), "--out", dir.resolve("r2").toString(), "--quiet");
    assertEquals(0, r1.code(), r1.err());
    assertEquals(0, r2.code(), r2.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("r1/omega/theta.npy")),
        Files.readAllBytes(dir.resolve("r2/omega/theta.npy")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("r1/omega/step.npy")),
        Files.readAllBytes(dir.resolve("r2/omega/step.npy")));
  }
}
