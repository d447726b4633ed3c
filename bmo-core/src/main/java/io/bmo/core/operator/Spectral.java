package io.bmo.core.operator;

import io.bmo.core.blas.Blas;

/** Spectral estimates used for step-size bounds. */
public final class Spectral {
  /** Power iterations: the relative change of the estimate after this many is below 1e-6 for random dictionaries. */
  private static final int ITERATIONS = 200;

  private Spectral() {}

  /**
   * L = ‖A‖₂² (largest eigenvalue of AᵀA) by power iteration from the all-ones vector (deterministic).
   *
   * @param a m×n column-major
   */
  public static double lipschitz(double[] a, int m, int n) {
    dev.ludovic.netlib.blas.BLAS blas = Blas.get();
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1.0 / Math.sqrt(n));
    double[] av = new double[m];
    double[] w = new double[n];
    double lam = 0.0;
    for (int it = 0; it < ITERATIONS; it++) {
      blas.dgemv("N", m, n, 1.0, a, m, v, 1, 0.0, av, 1);
      blas.dgemv("T", m, n, 1.0, a, m, av, 1, 0.0, w, 1);
      double nw = blas.dnrm2(n, w, 1);
      if (nw == 0.0) {
        return 0.0;
      }
      lam = nw;
      for (int j = 0; j < n; j++) {
        v[j] = w[j] / nw;
      }
    }
    return lam;
  }
}
