package io.bmo.core.sparsecoding;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The products of a learned-W sparse-coding layer ({@link SparseCodingMap} with {@link SparseModel#learnsW()}) in
 * factored form, with W bound from ω and A fixed:
 * <ul>
 *   <li>forward: {@code r = A u − b} (m×B), then {@code q = Wᵀ r} (n×B), the residual of the threshold step;</li>
 *   <li>adjoint: {@code ū += −s · Aᵀ (W z̄)} and {@code W̄ᵀ += −s · z̄ rᵀ} (n×m, = W̄ row-major), with r the layer's
 *       recorded data residual.</li>
 * </ul>
 * Each product is an m×n×B DGEMM: five per layer (two forward, three backward) where the Gram form
 * {@code q = (WᵀA) u − Wᵀb} needs two n×n×B products plus two m×n×B ones for ∂/∂W (n = 2m: 1.2 times the FLOPs),
 * and M = WᵀA (m·n² multiply-adds) again on every bind. Owns the Wᵀ copies and the m×B product workspace; not
 * thread-safe.
 */
final class LearnedWeights {
  private final BLAS blas;
  private final double[] a;
  private final int m;
  private final int n;
  /** Wᵀ (n×m column-major, = W row-major as stored in ω), one per distinct W. */
  private final double[][] wts;
  private double[] work = new double[0];
  private double[] residual = new double[0];
  private double[] zeros = new double[0];

  /**
   * @param a the dictionary A (m×n column-major; not copied, not modified)
   * @param count distinct W matrices (1, or one per layer)
   */
  LearnedWeights(BLAS blas, double[] a, int m, int n, int count) {
    this.blas = blas;
    this.a = a;
    this.m = m;
    this.n = n;
    this.wts = new double[count][m * n];
  }

  /** Copies the W blocks of ω (row-major (m, n) each, consecutive from {@code offset}). */
  void bind(double[] omega, int offset) {
    for (int k = 0; k < wts.length; k++) {
      System.arraycopy(omega, offset + k * m * n, wts[k], 0, m * n);
    }
  }

  /** Sizes the workspaces for blocks of {@code cols} signals. */
  void ensure(int cols) {
    if (work.length < m * cols) {
      work = new double[m * cols];
      residual = new double[m * cols];
    }
    if (zeros.length < n * cols) {
      zeros = new double[n * cols];
    }
  }

  /** An m×B workspace for the data residual of a step that keeps no record. */
  double[] residualWork() {
    return residual;
  }

  /**
   * n×B zeros, standing for d in the element passes ({@link SoftThresholdKernels}), which then take q = Wᵀ(Au − b)
   * as the whole residual (q − 0 = q exactly).
   */
  double[] zeros() {
    return zeros;
  }

  /**
   * {@code r = A u − b} and {@code q = W_kᵀ r}; with {@code zeroU} the product A·0 is skipped and r = −b exactly.
   *
   * @param r result (m×cols). Modified.
   * @param q result (n×cols). Modified.
   */
  void forward(int k, double[] u, boolean zeroU, double[] b, int cols, double[] r, double[] q) {
    int mc = m * cols;
    for (int i = 0; i < mc; i++) {
      r[i] = -b[i];
    }
    if (!zeroU) {
      blas.dgemm("N", "N", m, cols, n, 1.0, a, m, u, n, 1.0, r, m);
    }
    blas.dgemm("N", "N", n, cols, m, 1.0, wts[k], n, r, m, 0.0, q, n);
  }

  /**
   * Adds {@code −s·Aᵀ(W_k z̄)} into {@code outU} (skipped when null) and {@code −s·z̄ rᵀ} into
   * {@code g[offset ..]} (n×m column-major; skipped when g is null); with {@code stepBar} returns the step's
   * gradient s̄ = −⟨W_kᵀ r, z̄⟩ = −⟨r, W_k z̄⟩ from the same product t = W_k z̄ (computed for it alone when
   * {@code outU} is null), else 0.
   *
   * @param zbar z̄ (n×cols); not modified, unless it is {@code outU} itself (allowed: z̄ is read before ū is
   *     updated)
   * @param r the layer's recorded data residual A u − b (m×cols), not modified
   */
  double adjoint(int k, double s, double[] zbar, double[] r, int cols, double[] outU, double[] g, int offset,
      boolean stepBar) {
    double sBar = 0.0;
    double[] t = work;
    if (outU != null || stepBar) {
      blas.dgemm("T", "N", m, cols, n, 1.0, wts[k], n, zbar, n, 0.0, t, m);
      if (stepBar) {
        sBar = -blas.ddot(m * cols, r, 1, t, 1);
      }
    }
    if (g != null) {
      blas.dgemm("N", "T", n, m, cols, -s, zbar, 0, n, r, 0, m, 1.0, g, offset, n);
    }
    // last, so that zbar may be outU itself: every product above has read it
    if (outU != null) {
      blas.dgemm("T", "N", n, cols, m, -s, a, m, t, m, 1.0, outU, n);
    }
    return sBar;
  }
}
