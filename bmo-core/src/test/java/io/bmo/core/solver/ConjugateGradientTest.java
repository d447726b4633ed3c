package io.bmo.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.blas.Blas;
import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

class ConjugateGradientTest {
  /** Target relative residual; far above the ~1e-15 rounding floor of a 40×40 system. */
  private static final double DELTA = 1e-10;
  private static final int N = 40;

  /** A = MᵀM + I, SPD with condition number ≈ 100. */
  private static LinearOperator spd() {
    double[] m = TestImages.random(N * N, 1);
    double[] a = new double[N * N];
    Blas.get().dgemm("T", "N", N, N, N, 1.0, m, N, m, N, 0.0, a, N);
    for (int i = 0; i < N; i++) {
      a[i * N + i] += 1.0;
    }
    return (v, out) -> Blas.get().dgemv("N", N, N, 1.0, a, N, v, 1, 0.0, out, 1);
  }

  private static double residual(LinearOperator a, double[] b, double[] x) {
    double[] ax = new double[N];
    a.apply(x, ax);
    return TestImages.relDiff(ax, b);
  }

  @Test
  void reachesRelativeResidualAndReportsItHonestly() {
    LinearOperator a = spd();
    double[] b = TestImages.random(N, 2);
    double[] x = new double[N];
    LinearSolver.Result r = new ConjugateGradient(DELTA, 1000).solve(a, b, x);
    assertTrue(r.converged());
    double actual = residual(a, b, x);
    assertTrue(actual <= DELTA * 1.01, "true residual " + actual);
    assertEquals(actual, r.relativeResidual(), 1e-3 * DELTA + 1e-14);
    assertTrue(r.iterations() <= 3 * N, "iterations " + r.iterations());
  }

  @Test
  void warmStartAtSolutionCostsOneApplication() {
    LinearOperator a = spd();
    double[] b = TestImages.random(N, 3);
    double[] x = new double[N];
    new ConjugateGradient(1e-13, 1000).solve(a, b, x);
    LinearSolver.Result again = new ConjugateGradient(DELTA, 1000).solve(a, b, x);
    assertEquals(1, again.iterations());
    assertTrue(again.converged());
  }

  @Test
  void zeroRightHandSideGivesZero() {
    double[] x = TestImages.random(N, 4);
    LinearSolver.Result r = new ConjugateGradient(DELTA, 10).solve(spd(), new double[N], x);
    assertEquals(0, r.iterations());
    assertEquals(0.0, TestImages.norm(x), 0.0);
  }

  @Test
  void capIsReportedAsNotConverged() {
    double[] x = new double[N];
    LinearSolver.Result r = new ConjugateGradient(1e-14, 2).solve(spd(), TestImages.random(N, 5), x);
    assertTrue(!r.converged() && r.iterations() == 2 && r.relativeResidual() > 1e-14);
  }

  @Test
  void rejectsBadConfig() {
    assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(0.0, 10));
    assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(1e-6, 0));
  }
}
