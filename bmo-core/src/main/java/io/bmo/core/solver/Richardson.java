package io.bmo.core.solver;

/**
 * Richardson iteration {@code x ← x + (b − A x)}; for A = I − Jᵀ this is the adjoint fixed-point iteration
 * {@code x ← b + Jᵀx}, which converges whenever the spectral radius of J is below 1 (e.g. J the Jacobian of a
 * contractive fixed-point map). Valid for non-symmetric operators. One operator application per iteration; the
 * residual b − A x comes for free from the same application.
 *
 * <p>Stops when ‖b − A x‖ ≤ tol·‖b‖ or after {@code maxIterations} applications.
 */
public final class Richardson implements LinearSolver {
  private final double tol;
  private final int maxIterations;

  public Richardson(double tol, int maxIterations) {
    this.tol = tol;
    this.maxIterations = maxIterations;
  }

  @Override
  public Result solve(LinearOperator a, double[] b, double[] x) {
    int len = b.length;
    double bnorm = Vectors.norm(b);
    if (bnorm == 0.0) {
      java.util.Arrays.fill(x, 0.0);
      return new Result(0, 0.0, true);
    }
    double[] ax = new double[len];
    double rel = Double.POSITIVE_INFINITY;
    for (int it = 1; it <= maxIterations; it++) {
      a.apply(x, ax);
      double r2 = 0.0;
      for (int i = 0; i < len; i++) {
        double r = b[i] - ax[i];
        r2 += r * r;
        x[i] += r;
      }
      rel = Math.sqrt(r2) / bnorm;
      if (rel <= tol) {
        // rel is the residual of the previous x; x has moved one more step, which only shrinks it for a
        // contraction, so the reported value is an upper bound.
        return new Result(it, rel, true);
      }
      if (!Double.isFinite(rel)) {
        return new Result(it, rel, false);
      }
    }
    return new Result(maxIterations, rel, false);
  }
}
