package io.bmo.core.sparsecoding;

/**
 * The analytic weight matrix of ALISTA: the W (m×n) that minimises the off-diagonal part of WᵀA in Frobenius norm
 * subject to diag(WᵀA) = 1,
 *
 * <pre>
 *   min_W Σ_{i≠j} (w_iᵀ a_j)²   s.t.  w_iᵀ a_i = 1  (i = 1..n).
 * </pre>
 *
 * The problem separates by column: on the constraint Σ_{j≠i}(w_iᵀa_j)² = w_iᵀ G w_i − 1 with G = AAᵀ, so for
 * G ≻ 0 (A of full row rank m ≤ n) the unique minimiser is {@code w_i = G⁻¹a_i / (a_iᵀG⁻¹a_i)} (Lagrange: G w_i ∥ a_i).
 * It is computed exactly up to rounding with one Cholesky factorisation of G and n triangular solve pairs.
 *
 * <p>Plain Java on purpose: a one-off O(m²n) computation (≈ 0.1 s at m = 250, n = 500) whose result must be the same
 * bits on every JVM whatever BLAS/LAPACK it loads, since every executor uses the same W.
 */
public final class AlistaWeights {
  /** Smallest pivot of the Cholesky factorisation relative to the diagonal of AAᵀ (cond(AAᵀ) up to ~1e12). */
  private static final double RANK_TOL = 1e-12;

  private AlistaWeights() {}

  /**
   * @param a dictionary A, m×n column-major; not modified
   * @return W, m×n column-major
   * @throws IllegalArgumentException if AAᵀ is not positive definite (A without full row rank)
   */
  public static double[] compute(double[] a, int m, int n) {
    double[] g = new double[m * m];
    for (int j = 0; j < n; j++) {
      int off = j * m;
      for (int q = 0; q < m; q++) {
        double aq = a[off + q];
        for (int p = q; p < m; p++) {
          g[p + q * m] += a[off + p] * aq;
        }
      }
    }
    cholesky(g, m);
    double[] w = new double[m * n];
    double[] y = new double[m];
    for (int i = 0; i < n; i++) {
      int off = i * m;
      System.arraycopy(a, off, y, 0, m);
      solve(g, m, y);
      double dot = 0.0;
      for (int p = 0; p < m; p++) {
        dot += a[off + p] * y[p];
      }
      for (int p = 0; p < m; p++) {
        w[off + p] = y[p] / dot;
      }
    }
    return w;
  }

  /** In place: the lower triangle of g (m×m column-major, lower part used) becomes L with G = LLᵀ. Modified. */
  private static void cholesky(double[] g, int m) {
    for (int k = 0; k < m; k++) {
      double gkk = g[k + k * m];
      double dkk = gkk;
      for (int j = 0; j < k; j++) {
        double l = g[k + j * m];
        dkk -= l * l;
      }
      // relative pivot guard: rounding leaves tiny positive pivots on (numerically) rank-deficient A
      if (!(dkk > RANK_TOL * gkk)) {
        throw new IllegalArgumentException("alista needs a dictionary of full row rank (AAᵀ is not positive "
            + "definite; pivot " + k + " is " + dkk + ")");
      }
      double lkk = Math.sqrt(dkk);
      g[k + k * m] = lkk;
      for (int i = k + 1; i < m; i++) {
        double s = g[i + k * m];
        for (int j = 0; j < k; j++) {
          s -= g[i + j * m] * g[k + j * m];
        }
        g[i + k * m] = s / lkk;
      }
    }
  }

  /** y ← (LLᵀ)⁻¹ y with L the lower triangle of l. Modified: y. */
  private static void solve(double[] l, int m, double[] y) {
    for (int i = 0; i < m; i++) {
      double s = y[i];
      for (int j = 0; j < i; j++) {
        s -= l[i + j * m] * y[j];
      }
      y[i] = s / l[i + i * m];
    }
    for (int i = m - 1; i >= 0; i--) {
      double s = y[i];
      for (int j = i + 1; j < m; j++) {
        s -= l[j + i * m] * y[j];
      }
      y[i] = s / l[i + i * m];
    }
  }
}
