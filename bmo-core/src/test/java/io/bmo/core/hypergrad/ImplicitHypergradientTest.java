package io.bmo.core.hypergrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.operator.RidgeStepMap;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.UnrolledStats;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Implicit differentiation against reverse mode run to convergence and against the ridge closed form. */
class ImplicitHypergradientTest {
  /**
   * Layers for "converged": with θ₀ = {@link #THETA0} the support is small and A_S well conditioned, so ISTA
   * contracts at a rate well below 1 and u^K is a fixed point to rounding long before this.
   */
  private static final int CONVERGED_LAYERS = 1000;
  /**
   * Threshold of the implicit instances. Small thresholds give supports larger than m, where I − s·A_SᵀA_S has an
   * eigenvalue 1: no contraction, and neither the unrolled nor the implicit derivative is defined.
   */
  private static final double THETA0 = 0.15;
  /** Adjoint tolerance; the gradients then agree to about this relative size. */
  private static final double ADJOINT_TOL = 1e-12;
  /** Agreement implicit vs reverse: limited by the adjoint tolerance and the residual of u^K. */
  private static final double AGREE_TOL = 1e-8;

  @ParameterizedTest
  @EnumSource(value = SparseModel.class, names = {"ISTA", "LISTA_TIED"})
  void implicitMatchesConvergedReverse(SparseModel model) {
    for (HypergradientMethod.AdjointSolverKind kind : HypergradientMethod.AdjointSolverKind.values()) {
      for (BmoConfig cfg : new BmoConfig[] {
          BmoConfig.plain(CONVERGED_LAYERS),
          new BmoConfig(CONVERGED_LAYERS, 0.0, 0.0, 0.7, Projection.NONNEG)}) {
        HypergradientFiniteDifferenceTest.Instance rev = new HypergradientFiniteDifferenceTest.Instance(
            model, cfg, new HypergradientMethod.Reverse(), 21, THETA0);
        HypergradientFiniteDifferenceTest.Instance imp = new HypergradientFiniteDifferenceTest.Instance(
            model, cfg, new HypergradientMethod.Implicit(ADJOINT_TOL, 100_000, kind), 21, THETA0);
        double[] gr = rev.gradient(rev.omega);
        double[] gi = imp.gradient(imp.omega);
        double scale = 0;
        for (double v : gr) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 1e-6, "gradient must not be trivially zero");
        for (int i = 0; i < gr.length; i++) {
          assertEquals(gr[i], gi[i], AGREE_TOL * scale, model + " " + kind + " " + cfg + " component " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = SparseModel.class, names = {"ISTA", "LISTA_TIED"})
  void implicitMatchesCentralDifferencesOfConvergedObjective(SparseModel model) {
    BmoConfig cfg = new BmoConfig(CONVERGED_LAYERS, 0.0, 0.0, 0.9, Projection.NONE);
    HypergradientFiniteDifferenceTest.Instance imp = new HypergradientFiniteDifferenceTest.Instance(
        model, cfg, new HypergradientMethod.Implicit(ADJOINT_TOL, 100_000, null), 23, THETA0);
    double[] g = imp.gradient(imp.omega);
    double[] fd = HypergradientFiniteDifferenceTest.centralDifferences(imp::phi, imp.omega);
    HypergradientFiniteDifferenceTest.assertClose(fd, g, "implicit " + model);
  }

  @Test
  void implicitReportsAdjointIterationsAndResidual() {
    BmoConfig cfg = BmoConfig.plain(CONVERGED_LAYERS);
    HypergradientFiniteDifferenceTest.Instance imp = new HypergradientFiniteDifferenceTest.Instance(
        SparseModel.ISTA, cfg, new HypergradientMethod.Implicit(1e-10, 100_000, null), 22, THETA0);
    UnrolledObjective obj = imp.objective();
    obj.bind(imp.omega);
    LossGradientSum s = obj.newSum();
    obj.add(new Block(imp.b, imp.x, HypergradientFiniteDifferenceTest.COLS), s, true);
    double[] st = s.stats();
    assertTrue(UnrolledStats.of(st).adjointIterations() >= 1);
    assertTrue(UnrolledStats.of(st).adjointResidual() <= 1e-10);
  }

  /**
   * Ridge: u* = (AᵀA + λI)⁻¹Aᵀb, so dφ/dλ = (1/N)Σ (u* − x)ᵀ(−(AᵀA + λI)⁻¹u*) and dφ/ds = 0. The reference is
   * computed with an independent dense Gaussian elimination.
   */
  @Test
  void ridgeImplicitGradientEqualsClosedForm() {
    int m = 15;
    int n = 10;
    int cols = 4;
    double lambda = 0.3;
    double[] a = TestData.dictionary(m, n, 5);
    double[][] bx = TestData.pairs(a, m, n, cols, 0.5, 6);
    double lip = TestData.lipschitz(a, m, n);
    double step = 1.0 / (lip + lambda);
    RidgeStepMap map = new RidgeStepMap(a, m, n);
    BmoConfig cfg = BmoConfig.plain(3000);
    UnrolledObjective obj = new UnrolledObjective(map, cfg,
        new HypergradientMethod.Implicit(1e-13, 100_000, HypergradientMethod.AdjointSolverKind.GMRES));
    obj.bind(new double[] {lambda, step});
    LossGradientSum s = obj.newSum();
    obj.add(new Block(bx[0], bx[1], cols), s, true);
    double[] g = s.gradient();

    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double acc = i == j ? lambda : 0;
        for (int r = 0; r < m; r++) {
          acc += a[r + i * m] * a[r + j * m];
        }
        h[i][j] = acc;
      }
    }
    double expected = 0;
    for (int c = 0; c < cols; c++) {
      double[] rhs = new double[n];
      for (int j = 0; j < n; j++) {
        for (int r = 0; r < m; r++) {
          rhs[j] += a[r + j * m] * bx[0][r + c * m];
        }
      }
      double[] ustar = solve(h, rhs);
      double[] du = solve(h, ustar);
      for (int j = 0; j < n; j++) {
        expected += (ustar[j] - bx[1][j + c * n]) * -du[j];
      }
    }
    expected /= cols;
    assertTrue(Math.abs(expected) > 1e-4, "reference derivative must be non-trivial");
    assertEquals(expected, g[0], 1e-9 * Math.abs(expected), "d phi / d lambda");
    assertEquals(0.0, g[1], 1e-9, "d phi / d s vanishes at a fixed point");
  }

  @Test
  void unsupportedCombinationsAreRefusedWithReason() {
    double[] a = TestData.dictionary(4, 6, 1);
    IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> new UnrolledObjective(
        new SparseCodingMap(SparseModel.ISTA, a, 4, 6, 3), new BmoConfig(3, 0.5, 0.5, 1, Projection.NONE),
        new HypergradientMethod.Implicit(1e-6, 10, null)));
    assertTrue(e1.getMessage().contains("mu = 0"), e1.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new UnrolledObjective(
        new SparseCodingMap(SparseModel.ISTA_LAYERWISE, a, 4, 6, 3), BmoConfig.plain(3),
        new HypergradientMethod.Implicit(1e-6, 10, null)));
    assertTrue(e2.getMessage().contains("layer-wise"), e2.getMessage());
    IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> new UnrolledObjective(
        new SparseCodingMap(SparseModel.ISTA, a, 4, 6, 3), BmoConfig.plain(3),
        new HypergradientMethod.Truncated(5)));
    assertTrue(e3.getMessage().contains("truncate"), e3.getMessage());
  }

  /** Dense Gaussian elimination with partial pivoting (test-only reference). */
  static double[] solve(double[][] h0, double[] b0) {
    int n = b0.length;
    double[][] h = new double[n][];
    for (int i = 0; i < n; i++) {
      h[i] = h0[i].clone();
    }
    double[] b = b0.clone();
    for (int p = 0; p < n; p++) {
      int best = p;
      for (int i = p + 1; i < n; i++) {
        if (Math.abs(h[i][p]) > Math.abs(h[best][p])) {
          best = i;
        }
      }
      double[] t = h[p];
      h[p] = h[best];
      h[best] = t;
      double tb = b[p];
      b[p] = b[best];
      b[best] = tb;
      for (int i = p + 1; i < n; i++) {
        double f = h[i][p] / h[p][p];
        for (int j = p; j < n; j++) {
          h[i][j] -= f * h[p][j];
        }
        b[i] -= f * b[p];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int j = i + 1; j < n; j++) {
        s -= h[i][j] * x[j];
      }
      x[i] = s / h[i][i];
    }
    return x;
  }
}
