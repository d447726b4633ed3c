package io.bmo.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.hypergrad.ImplicitHypergradientTestAccess;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GMRES and the Richardson (adjoint fixed-point) iteration on a non-symmetric system A = I − J with ρ(J) &lt; 1,
 * against dense Gaussian elimination; the reported residual is checked against a recomputed one.
 */
class LinearSolversTest {
  static final int N = 40;
  /** Solver tolerance; the solution error is bounded by cond(A)·tol, and cond(A) ≤ (1+ρ)/(1−ρ) = 3 here. */
  static final double TOL = 1e-12;

  static double[][] jacobian(long seed) {
    Random r = new Random(seed);
    double[][] j = new double[N][N];
    double rowMax = 0;
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int k = 0; k < N; k++) {
        j[i][k] = r.nextGaussian();
        s += Math.abs(j[i][k]);
      }
      rowMax = Math.max(rowMax, s);
    }
    // scale so the ∞-norm (hence the spectral radius) is 0.5: a contraction, non-symmetric
    for (double[] row : j) {
      for (int k = 0; k < N; k++) {
        row[k] *= 0.5 / rowMax;
      }
    }
    return j;
  }

  static LinearOperator iMinus(double[][] j) {
    return (v, out) -> {
      for (int i = 0; i < N; i++) {
        double s = v[i];
        for (int k = 0; k < N; k++) {
          s -= j[i][k] * v[k];
        }
        out[i] = s;
      }
    };
  }

  void check(LinearSolver solver) {
    double[][] j = jacobian(3);
    double[] b = new double[N];
    Random r = new Random(4);
    for (int i = 0; i < N; i++) {
      b[i] = r.nextGaussian();
    }
    double[][] dense = new double[N][N];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < N; k++) {
        dense[i][k] = (i == k ? 1 : 0) - j[i][k];
      }
    }
    double[] ref = ImplicitHypergradientTestAccess.solve(dense, b);
    double[] x = new double[N];
    LinearSolver.Result res = solver.solve(iMinus(j), b, x);
    assertTrue(res.converged(), "converged");
    assertTrue(res.relativeResidual() <= TOL, "reported residual " + res.relativeResidual());
    double[] ax = new double[N];
    iMinus(j).apply(x, ax);
    double rn = 0;
    double bn = 0;
    for (int i = 0; i < N; i++) {
      rn += (b[i] - ax[i]) * (b[i] - ax[i]);
      bn += b[i] * b[i];
      assertEquals(ref[i], x[i], 3 * TOL * 10, "component " + i);
    }
    assertTrue(Math.sqrt(rn / bn) <= 10 * TOL, "true residual " + Math.sqrt(rn / bn));
  }

  @Test
  void gmresSolvesNonSymmetricSystem() {
    check(new Gmres(TOL, 500, 10));
  }

  @Test
  void richardsonSolvesContractiveAdjointSystem() {
    check(new Richardson(TOL, 10_000));
  }

  @Test
  void capIsReportedAsNotConverged() {
    double[] x = new double[N];
    double[] b = new double[N];
    b[0] = 1;
    LinearSolver.Result r = new Richardson(1e-15, 3).solve(iMinus(jacobian(5)), b, x);
    assertFalse(r.converged());
    assertEquals(3, r.iterations());
  }
}
