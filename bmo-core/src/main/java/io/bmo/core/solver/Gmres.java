package io.bmo.core.solver;

/**
 * Restarted GMRES(r) with modified Gram–Schmidt and Givens rotations, for general (non-symmetric) operators such
 * as I − (∂T/∂u)ᵀ. Stops when the true relative residual ‖b − A x‖/‖b‖ ≤ tol (checked at each restart and at
 * convergence of the Arnoldi estimate) or after {@code maxIterations} operator applications in total.
 */
public final class Gmres implements LinearSolver {
  private final double tol;
  private final int maxIterations;
  private final int restart;

  public Gmres(double tol, int maxIterations, int restart) {
    if (restart < 1) {
      throw new IllegalArgumentException("GMRES restart must be >= 1");
    }
    this.tol = tol;
    this.maxIterations = maxIterations;
    this.restart = restart;
  }

  @Override
  public Result solve(LinearOperator a, double[] b, double[] x) {
    int len = b.length;
    double bnorm = Vectors.norm(b);
    if (bnorm == 0.0) {
      java.util.Arrays.fill(x, 0.0);
      return new Result(0, 0.0, true);
    }
    double[] r = new double[len];
    double[] w = new double[len];
    double[][] v = new double[restart + 1][];
    double[][] h = new double[restart + 1][restart];
    double[] cs = new double[restart];
    double[] sn = new double[restart];
    double[] g = new double[restart + 1];
    int applications = 0;
    double rel = Double.POSITIVE_INFINITY;
    while (true) {
      a.apply(x, w);
      applications++;
      for (int i = 0; i < len; i++) {
        r[i] = b[i] - w[i];
      }
      double beta = Vectors.norm(r);
      rel = beta / bnorm;
      if (rel <= tol || applications >= maxIterations || !Double.isFinite(rel)) {
        return new Result(applications, rel, rel <= tol);
      }
      if (v[0] == null) {
        v[0] = new double[len];
      }
      for (int i = 0; i < len; i++) {
        v[0][i] = r[i] / beta;
      }
      java.util.Arrays.fill(g, 0.0);
      g[0] = beta;
      int j = 0;
      for (; j < restart && applications < maxIterations; j++) {
        a.apply(v[j], w);
        applications++;
        for (int i = 0; i <= j; i++) {
          double hij = Vectors.dot(w, v[i]);
          h[i][j] = hij;
          double[] vi = v[i];
          for (int q = 0; q < len; q++) {
            w[q] -= hij * vi[q];
          }
        }
        double hn = Vectors.norm(w);
        h[j + 1][j] = hn;
        if (v[j + 1] == null) {
          v[j + 1] = new double[len];
        }
        if (hn > 0.0) {
          for (int q = 0; q < len; q++) {
            v[j + 1][q] = w[q] / hn;
          }
        }
        for (int i = 0; i < j; i++) {
          double t = cs[i] * h[i][j] + sn[i] * h[i + 1][j];
          h[i + 1][j] = -sn[i] * h[i][j] + cs[i] * h[i + 1][j];
          h[i][j] = t;
        }
        double denom = Math.hypot(h[j][j], h[j + 1][j]);
        cs[j] = denom == 0.0 ? 1.0 : h[j][j] / denom;
        sn[j] = denom == 0.0 ? 0.0 : h[j + 1][j] / denom;
        h[j][j] = cs[j] * h[j][j] + sn[j] * h[j + 1][j];
        h[j + 1][j] = 0.0;
        g[j + 1] = -sn[j] * g[j];
        g[j] = cs[j] * g[j];
        if (Math.abs(g[j + 1]) / bnorm <= tol * 0.5 || hn == 0.0) {
          j++;
          break;
        }
      }
      // Solve the j×j upper-triangular system and update x.
      double[] y = new double[j];
      for (int i = j - 1; i >= 0; i--) {
        double s = g[i];
        for (int k = i + 1; k < j; k++) {
          s -= h[i][k] * y[k];
        }
        y[i] = s / h[i][i];
      }
      for (int i = 0; i < j; i++) {
        double[] vi = v[i];
        double yi = y[i];
        for (int q = 0; q < len; q++) {
          x[q] += yi * vi[q];
        }
      }
    }
  }
}
