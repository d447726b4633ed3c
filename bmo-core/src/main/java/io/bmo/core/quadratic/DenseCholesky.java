package io.bmo.core.quadratic;

/**
 * Cholesky factorisation {@code A = L Lᵀ} of a small dense SPD matrix, for closed forms only (the iterative paths use
 * CG). Plain loops: bmo's only linear-algebra dependency is BLAS, which has no factorisations.
 */
public final class DenseCholesky {
  private final int n;
  private final double[] l; // column-major lower triangle

  /**
   * @param a {@code n × n} column-major SPD matrix, not modified
   * @throws IllegalArgumentException when a pivot is not positive (A not numerically SPD)
   */
  public DenseCholesky(double[] a, int n) {
    this.n = n;
    this.l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= l[k * n + j] * l[k * n + j];
      }
      if (!(d > 0)) {
        throw new IllegalArgumentException("matrix is not positive definite (pivot " + j + " = " + d + ")");
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
  }

  /** Solves {@code A x = b} in place. Modified: b (becomes x). */
  public void solveInPlace(double[] b, int offset) {
    for (int i = 0; i < n; i++) {
      double s = b[offset + i];
      for (int k = 0; k < i; k++) {
        s -= l[k * n + i] * b[offset + k];
      }
      b[offset + i] = s / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[offset + i];
      for (int k = i + 1; k < n; k++) {
        s -= l[i * n + k] * b[offset + k];
      }
      b[offset + i] = s / l[i * n + i];
    }
  }

  /** Solves {@code A X = B} for the {@code cols} columns of column-major B in place. Modified: b. */
  public void solveColumns(double[] b, int cols) {
    for (int c = 0; c < cols; c++) {
      solveInPlace(b, c * n);
    }
  }
}
