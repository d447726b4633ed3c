package io.bmo.core.solver;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.blas.Blas;

/**
 * Conjugate gradients for {@code A x = b}.
 *
 * <p><b>Only valid for symmetric positive definite operators</b> (here: Hessians ∇²ₓE of strongly convex lower-level
 * energies). For a non-symmetric or indefinite operator the iteration may stall or diverge without warning; use an
 * adjoint fixed-point iteration, CGNR or GMRES there.
 *
 * <p>Stops when the true-recurrence relative residual ‖b − A x‖ / ‖b‖ ≤ {@code relativeTolerance} or after
 * {@code maxIterations} iterations. The initial {@code x} is used as a warm start; its residual costs one extra
 * operator application, counted in {@link LinearSolver.Result#iterations()} (operator applications spent), which is
 * skipped when {@code x} is all zeros. When {@code b = 0} the solution {@code x = 0} is returned with 0 iterations.
 *
 * <p>Immutable and thread-safe: work vectors are allocated once per {@link #solve} call, outside the iteration.
 *
 * @param relativeTolerance δ &gt; 0, target for ‖b − A x‖ / ‖b‖
 * @param maxIterations cap on CG iterations, at least 1
 */
public record ConjugateGradient(double relativeTolerance, int maxIterations) implements LinearSolver {
  public ConjugateGradient {
    if (!(relativeTolerance > 0) || Double.isInfinite(relativeTolerance)) {
      throw new IllegalArgumentException("relativeTolerance must be positive and finite, got " + relativeTolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
    }
  }

  @Override
  public Result solve(LinearOperator a, double[] b, double[] x) {
    int n = b.length;
    if (x.length != n) {
      throw new IllegalArgumentException("x has length " + x.length + " but b has " + n);
    }
    BLAS blas = Blas.get();
    double bNorm = blas.dnrm2(n, b, 1);
    if (bNorm == 0.0) {
      java.util.Arrays.fill(x, 0.0);
      return new Result(0, 0.0, true);
    }
    double[] r = new double[n];
    double[] p = new double[n];
    double[] ap = new double[n];
    int applications = 0;
    System.arraycopy(b, 0, r, 0, n);
    if (blas.dnrm2(n, x, 1) != 0.0) {
      a.apply(x, ap);
      applications++;
      blas.daxpy(n, -1.0, ap, 1, r, 1);
    }
    double rr = blas.ddot(n, r, 1, r, 1);
    double target = relativeTolerance * bNorm;
    if (Math.sqrt(rr) <= target) {
      return new Result(applications, Math.sqrt(rr) / bNorm, true);
    }
    System.arraycopy(r, 0, p, 0, n);
    for (int k = 0; k < maxIterations; k++) {
      a.apply(p, ap);
      applications++;
      double pAp = blas.ddot(n, p, 1, ap, 1);
      if (!(pAp > 0)) {
        // Not SPD along p (or breakdown): stop honestly instead of producing garbage.
        return new Result(applications, Math.sqrt(rr) / bNorm, false);
      }
      double alpha = rr / pAp;
      blas.daxpy(n, alpha, p, 1, x, 1);
      blas.daxpy(n, -alpha, ap, 1, r, 1);
      double rrNew = blas.ddot(n, r, 1, r, 1);
      if (Math.sqrt(rrNew) <= target) {
        return new Result(applications, Math.sqrt(rrNew) / bNorm, true);
      }
      double beta = rrNew / rr;
      rr = rrNew;
      // p = r + beta p
      blas.dscal(n, beta, p, 1);
      blas.daxpy(n, 1.0, r, 1, p, 1);
    }
    return new Result(applications, Math.sqrt(rr) / bNorm, false);
  }
}
