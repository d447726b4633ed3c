package io.bmo.core;

import java.util.Random;

/** Small seeded instances for tests (java.util.Random is fine here: tests fix their own seeds). */
public final class TestData {
  private TestData() {}

  /** m×n column-major Gaussian dictionary with unit-norm columns. */
  public static double[] dictionary(int m, int n, long seed) {
    Random r = new Random(seed);
    double[] a = new double[m * n];
    for (int j = 0; j < n; j++) {
      double norm = 0;
      for (int i = 0; i < m; i++) {
        double v = r.nextGaussian();
        a[i + j * m] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) {
        a[i + j * m] /= norm;
      }
    }
    return a;
  }

  /** Sparse codes x (n×cols, density p) and observations b = A x + small noise. */
  public static double[][] pairs(double[] a, int m, int n, int cols, double p, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n * cols];
    double[] b = new double[m * cols];
    for (int c = 0; c < cols; c++) {
      for (int j = 0; j < n; j++) {
        if (r.nextDouble() < p) {
          x[j + c * n] = r.nextGaussian();
        }
      }
      for (int i = 0; i < m; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[i + j * m] * x[j + c * n];
        }
        b[i + c * m] = s + 0.01 * r.nextGaussian();
      }
    }
    return new double[][] {b, x};
  }

  /** Largest eigenvalue of AᵀA by a dense power iteration (slow, independent of the library). */
  public static double lipschitz(double[] a, int m, int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1.0);
    double lam = 0;
    for (int it = 0; it < 500; it++) {
      double[] av = new double[m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          av[i] += a[i + j * m] * v[j];
        }
      }
      double[] w = new double[n];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
          w[j] += a[i + j * m] * av[i];
        }
      }
      double nw = 0;
      for (double q : w) {
        nw += q * q;
      }
      nw = Math.sqrt(nw);
      lam = nw;
      for (int j = 0; j < n; j++) {
        v[j] = w[j] / nw;
      }
    }
    return lam;
  }
}
