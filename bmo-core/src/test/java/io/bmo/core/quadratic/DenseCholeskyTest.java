package io.bmo.core.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

class DenseCholeskyTest {
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
    new DenseCholesky(a, n).solveInPlace(x, 0);
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
    assertThrows(IllegalArgumentException.class, () -> new DenseCholesky(new double[] {1, 2, 2, 1}, 2));
  }
}
