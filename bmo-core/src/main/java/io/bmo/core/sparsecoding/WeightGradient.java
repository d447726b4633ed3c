package io.bmo.core.sparsecoding;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The ∂/∂W term of a learned-W sparse-coding layer ({@link SparseCodingMap}) for one block: with z̄ the layer's
 * thresholded cotangent and u its recorded input, {@code W̄_lᵀ += −s · z̄ · (A u − b)ᵀ} (n×m, = W̄_l row-major), by one
 * DGEMM for the residual {@code A u − b} (m×B) and one for the outer product. Owns the residual and dense-input
 * workspaces; not thread-safe.
 */
final class WeightGradient {
  private final BLAS blas;
  private final double[] a;
  private final int m;
  private final int n;
  private double[] udense = new double[0];
  private double[] resid = new double[0];

  /** @param a the dictionary A (m×n column-major; not copied, not modified) */
  WeightGradient(BLAS blas, double[] a, int m, int n) {
    this.blas = blas;
    this.a = a;
    this.m = m;
    this.n = n;
  }

  /** Sizes the workspaces for blocks of {@code cols} signals. */
  void ensure(int cols) {
    if (udense.length < n * cols) {
      udense = new double[n * cols];
    }
    if (resid.length < m * cols) {
      resid = new double[m * cols];
    }
  }

  /**
   * Adds {@code −s · z̄ · (A u − b)ᵀ} into {@code g[offset ..]} (n×m column-major).
   *
   * @param zbar z̄ (n×cols), not modified
   * @param rec the layer's record, whose input u it expands (u = 0 when it recorded none)
   * @param b the block's signals (m×cols), not modified
   */
  void add(double s, double[] zbar, SoftThresholdRecord rec, double[] b, int cols, double[] g, int offset) {
    double[] r = resid;
    int mc = m * cols;
    for (int i = 0; i < mc; i++) {
      r[i] = -b[i];
    }
    if (rec.uNonZeros > 0) {
      rec.expandInput(udense);
      blas.dgemm("N", "N", m, cols, n, 1.0, a, m, udense, n, 1.0, r, m);
    }
    blas.dgemm("N", "T", n, m, cols, -s, zbar, 0, n, r, 0, m, 1.0, g, offset, n);
  }
}
