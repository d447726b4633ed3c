package io.bmo.core.quadratic;

import io.bmo.core.solver.Cholesky;

/**
 * Certified extreme eigenvalue bounds of small dense symmetric positive semidefinite matrices: a power-iteration
 * estimate, widened until a Cholesky factorisation of the shifted matrix proves it (t·I − S ≻ 0 proves
 * λ_max(S) &lt; t; S − t·I ≻ 0 proves λ_min(S) &gt; t), up to the rounding of that factorisation. For the exact
 * constants of the quadratic anchor problem (strong convexity, Lipschitz constants).
 */
public final class SpectralBounds {
  /** Power / inverse iterations for the estimate; matrices here are at most tens of rows. */
  private static final int ITERATIONS = 500;
  /** Relative widening of the estimate per certification attempt. */
  private static final double WIDEN = 1e-6;

  private SpectralBounds() {}

  /** A certified t ≥ λ_max(S) (S: n×n column-major, symmetric PSD; not modified). */
  public static double largestUpper(double[] s, int n) {
    double[] v = start(n);
    double lambda = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      double[] w = multiply(s, n, v);
      lambda = Math.max(lambda, dot(v, w));
      normalize(w);
      v = w;
    }
    double t = lambda * (1 + WIDEN) + Double.MIN_NORMAL;
    for (double widen = WIDEN; ; widen *= 10) {
      if (Cholesky.positiveDefinite(shift(s, n, -1.0, t), n)) {
        return t;
      }
      t = lambda * (1 + widen * 10) + Double.MIN_NORMAL;
    }
  }

  /** A certified t ≤ λ_min(S), t &gt; 0 (S: n×n column-major, symmetric positive definite; not modified). */
  public static double smallestLower(double[] s, int n) {
    Cholesky chol = new Cholesky(s, n);
    double[] v = start(n);
    double inv = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      double[] w = v.clone();
      chol.solveInPlace(w, 0);
      inv = Math.max(inv, dot(v, w));
      normalize(w);
      v = w;
    }
    double lambda = 1 / inv;
    for (double widen = WIDEN; widen < 1; widen *= 10) {
      double t = lambda * (1 - widen);
      if (Cholesky.positiveDefinite(shift(s, n, 1.0, -t), n)) {
        return t;
      }
    }
    throw new IllegalArgumentException("could not certify a positive lower eigenvalue bound (estimate " + lambda + ")");
  }

  /** sign·S + t·I. */
  private static double[] shift(double[] s, int n, double sign, double t) {
    double[] a = new double[n * n];
    for (int i = 0; i < n * n; i++) {
      a[i] = sign * s[i];
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] += t;
    }
    return a;
  }

  private static double[] start(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1.0 + 0.1 * i;
    }
    normalize(v);
    return v;
  }

  private static double[] multiply(double[] s, int n, double[] v) {
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        w[i] += s[j * n + i] * v[j];
      }
    }
    return w;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void normalize(double[] v) {
    double s = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= s;
    }
  }
}
