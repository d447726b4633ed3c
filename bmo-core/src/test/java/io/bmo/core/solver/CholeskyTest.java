package io.bmo.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.blas.Blas;
import io.bmo.core.imaging.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CholeskyTest {
  /** 5×5 well-conditioned system: residual at rounding level. */
  private static final double TOL = 1e-13;

  @Test
  void solvesSpdSystem() {
    int n = 5;
    double[] m = TestImages.random(n * n, 3);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[j * n + i] += m[i * n + k] * m[j * n + k];
        }
      }
      a[i * n + i] += 1;
    }
    double[] b = TestImages.random(n, 4);
    double[] x = b.clone();
    new Cholesky(a, n).solveInPlace(x, 0);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += a[j * n + i] * x[j];
      }
      assertEquals(b[i], s, TOL);
    }
  }

  @Test
  void rejectsIndefinite() {
    assertThrows(IllegalArgumentException.class, () -> new Cholesky(new double[] {1, 2, 2, 1}, 2));
  }

  /** LAPACK's factor solves like plain forward/back substitution on an unblocked factor, column by column. */
  @Test
  void solveColumnsMatchesPlainLoops() {
    int n = 37;
    int cols = 3;
    double[] a = spd(n, 11);
    double[] b = TestImages.random(n * cols, 12);
    double[] x = b.clone();
    new Cholesky(a, n).solveColumns(x, cols);
    double[] ref = b.clone();
    double[] l = plainFactor(a, n);
    for (int c = 0; c < cols; c++) {
      plainSolve(l, n, ref, c * n);
    }
    for (int i = 0; i < n * cols; i++) {
      assertEquals(ref[i], x[i], 1e-12 * (1 + Math.abs(ref[i])), "entry " + i);
    }
  }

  /** With native BLAS loaded, LAPACK runs on the same native library (not netlib's Java fallback). */
  @Test
  void lapackFollowsTheBlasChoice() {
    String name = Blas.lapack().getClass().getSimpleName();
    assertEquals(Blas.isNative(), name.startsWith("JNI"), name + " with BLAS " + Blas.implementation());
  }

  @Test
  void positiveDefiniteDecidesByTheFactorisation() {
    int n = 6;
    double[] a = spd(n, 5);
    assertTrue(Cholesky.positiveDefinite(a, n));
    double[] shifted = a.clone();
    for (int i = 0; i < n; i++) {
      shifted[i * n + i] -= 1e6; // far below the smallest eigenvalue
    }
    assertFalse(Cholesky.positiveDefinite(shifted, n));
    double[] before = a.clone();
    Cholesky.positiveDefinite(a, n);
    assertEquals(Arrays.toString(before), Arrays.toString(a));
  }

  private static double[] spd(int n, long seed) {
    double[] m = TestImages.random(n * n, seed);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[j * n + i] += m[i * n + k] * m[j * n + k];
        }
      }
      a[i * n + i] += 1;
    }
    return a;
  }

  /** Unblocked column Cholesky with plain loops (the independent slow path). */
  private static double[] plainFactor(double[] a, int n) {
    double[] l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= l[k * n + j] * l[k * n + j];
      }
      double ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = a[j * n + i];
        for (int k = 0; k < j; k++) {
          s -= l[k * n + i] * l[k * n + j];
        }
        l[j * n + i] = s / ljj;
      }
    }
    return l;
  }

  private static void plainSolve(double[] l, int n, double[] b, int off) {
    for (int i = 0; i < n; i++) {
      double s = b[off + i];
      for (int k = 0; k < i; k++) {
        s -= l[k * n + i] * b[off + k];
      }
      b[off + i] = s / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[off + i];
      for (int k = i + 1; k < n; k++) {
        s -= l[i * n + k] * b[off + k];
      }
      b[off + i] = s / l[i * n + i];
    }
  }
}
