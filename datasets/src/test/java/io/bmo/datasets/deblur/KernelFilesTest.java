package io.bmo.datasets.deblur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.datasets.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelFilesTest {
  @TempDir
  Path dir;

  private static double[] normalised(Random rnd, int n) {
    double[] t = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      t[i] = rnd.nextDouble();
      s += t[i];
    }
    for (int i = 0; i < n; i++) {
      t[i] /= s;
    }
    return t;
  }

  private Path write(String name, int rows, int cols, double[] taps) throws IOException {
    Path f = dir.resolve(name);
    Npy.write(f, Npy.ofMatrix(rows, cols, taps));
    return f;
  }

  @Test
  void readsKernelsInNumericOrderAndIgnoresOtherFiles() throws IOException {
    Random rnd = new Random(1);
    double[][] taps = new double[11][];
    for (int i = 1; i <= 10; i++) { // kernel_10 must come after kernel_9, not after kernel_1
      taps[i] = normalised(rnd, 9);
      write("kernel_" + i + ".npy", 3, 3, taps[i]);
    }
    write("other.npy", 3, 3, normalised(rnd, 9));
    Files.writeString(dir.resolve("README.txt"), "kernels");
    List<BlurKernel> kernels = KernelFiles.readDirectory(dir);
    assertEquals(10, kernels.size());
    for (int i = 1; i <= 10; i++) {
      assertArrayEquals(taps[i], kernels.get(i - 1).taps(), 0.0);
    }
  }

  /** Even sizes get a zero row at the bottom and a zero column at the right: the centre stays at index n/2. */
  @Test
  void evenSizesArePaddedToOdd() throws IOException {
    double[] t = normalised(new Random(2), 4 * 6);
    BlurKernel k = KernelFiles.read(write("kernel_1.npy", 4, 6, t));
    assertEquals(5, k.rows());
    assertEquals(7, k.cols());
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 7; b++) {
        assertEquals(a < 4 && b < 6 ? t[a * 6 + b] : 0.0, k.tap(a, b), 0.0);
      }
    }
  }

  /** A float32-saved kernel sums to 1 within ~1e-7: accepted. */
  @Test
  void sumWithinToleranceIsAccepted() throws IOException {
    double[] t = normalised(new Random(3), 25);
    t[0] += 5e-7;
    assertEquals(5, KernelFiles.read(write("kernel_1.npy", 5, 5, t)).rows());
  }

  @Test
  void badKernelsFailWithOneLineNamingTheFile() throws IOException {
    double[] t = normalised(new Random(4), 9);
    t[4] += 1e-5;
    assertOneLineNaming(write("kernel_1.npy", 3, 3, t), "sum to");
    double[] nan = normalised(new Random(5), 9);
    nan[2] = Double.NaN;
    assertOneLineNaming(write("kernel_2.npy", 3, 3, nan), "NaN");
    Path vector = dir.resolve("kernel_3.npy");
    Npy.write(vector, Npy.ofVector(new double[] {0.5, 0.5}));
    assertOneLineNaming(vector, "2-D");
  }

  @Test
  void directoryProblemsAreReported() throws IOException {
    IOException none = assertThrows(IOException.class, () -> KernelFiles.readDirectory(dir));
    assertTrue(none.getMessage().startsWith("no kernel_<n>.npy files in "), none.getMessage());
    write("kernel_1.npy", 1, 1, new double[] {1});
    write("kernel_3.npy", 1, 1, new double[] {1});
    IOException gap = assertThrows(IOException.class, () -> KernelFiles.readDirectory(dir));
    assertTrue(gap.getMessage().endsWith("has kernel_3.npy but no kernel_2.npy"), gap.getMessage());
    IOException missing = assertThrows(IOException.class, () -> KernelFiles.readDirectory(dir.resolve("nope")));
    assertTrue(missing.getMessage().startsWith("no such kernel directory: "), missing.getMessage());
  }

  private static void assertOneLineNaming(Path file, String problem) {
    IOException e = assertThrows(IOException.class, () -> KernelFiles.read(file));
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString() + ": ") && m.contains(problem) && !m.contains("\n"), m);
  }
}
