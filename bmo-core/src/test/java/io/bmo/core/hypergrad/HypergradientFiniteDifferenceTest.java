package io.bmo.core.hypergrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.solver.Projection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model × strategy × inner-loop variant against central finite differences of the upper objective (float64).
 * The soft threshold is piecewise linear, so away from kinks central differences are exact up to rounding; the
 * step and tolerance below leave room for rounding of ~1e-16·φ/h only.
 */
class HypergradientFiniteDifferenceTest {
  /** FD step: small enough that no threshold kink is crossed on these random instances, large vs rounding. */
  private static final double H = 1e-6;
  /** Allowed |g − fd| ≤ TOL·(1 + |fd|): rounding error of φ (≈1e-16·φ) divided by H, with margin. */
  private static final double TOL = 2e-6;

  static final int M = 10;
  static final int N = 20;
  static final int COLS = 5;
  static final int K = 4;

  /** The inner loops every reverse-mode test covers, with k steps. */
  static BmoConfig[] innerLoops(int k) {
    return new BmoConfig[] {
        BmoConfig.plain(k),
        new BmoConfig(k, 0.3, 0.5, 0.8, Projection.box(-0.6, 0.8)),
        new BmoConfig(k, 0.2, 1.0, 1.0, Projection.NONNEG),
        // U = ℝⁿ with μ, β and α all active: the fused applyRelaxed / vjpRelaxed path with targets
        new BmoConfig(k, 0.25, 0.5, 0.9, Projection.NONE),
    };
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (SparseModel model : SparseModel.values()) {
      for (BmoConfig cfg : innerLoops(K)) {
        out.add(Arguments.of(model, cfg, new HypergradientMethod.Reverse()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void reverseMatchesCentralDifferences(SparseModel model, BmoConfig cfg, HypergradientMethod method) {
    Instance in = new Instance(model, cfg, method, 11);
    double[] g = in.gradient(in.omega);
    double[] fd = centralDifferences(in::phi, in.omega);
    assertClose(fd, g, model + " " + cfg);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void truncatedMatchesDifferencesOfFrozenPrefix(SparseModel model) {
    int j = 2;
    BmoConfig cfg = new BmoConfig(K, 0.25, 0.6, 0.9, Projection.NONE);
    Instance in = new Instance(model, cfg, new HypergradientMethod.Truncated(j), 12);
    double[] g = in.gradient(in.omega);
    // Independent path: u^{K−J} computed once at ω₀ and frozen; differentiate only the last J steps.
    SparseCodingMap map = new SparseCodingMap(model, in.a, M, N, K);
    map.bind(in.omega);
    map.bindBlock(in.b, COLS);
    BmoSolver prefix = new BmoSolver(map, cfg);
    prefix.init(in.x, COLS, K + 1);
    for (int k = 0; k < K - j; k++) {
      prefix.step();
    }
    double[] frozen = prefix.iterate().clone();
    ToDoubleFunction<double[]> tail = w -> {
      SparseCodingMap mp = new SparseCodingMap(model, in.a, M, N, K);
      mp.bind(w);
      mp.bindBlock(in.b, COLS);
      BmoSolver s = new BmoSolver(mp, cfg);
      s.init(in.x, COLS, K + 1, frozen);
      // steps K−J+1..K use layers K−J..K−1: advance the layer counter without moving u.
      double[] u = frozen.clone();
      double[] out = new double[u.length];
      BmoSolver one = new BmoSolver(mp, new BmoConfig(1, cfg.mu(), cfg.beta(), cfg.alpha(), cfg.projection()));
      for (int k = K - j; k < K; k++) {
        // apply step k+1 by hand through the map to keep the layer index right
        mp.apply(k, u, out, null);
        for (int i = 0; i < u.length; i++) {
          u[i] = cfg.projection().apply(cfg.selfWeight() * u[i] + cfg.targetWeight() * in.x[i]
              + cfg.mapWeight() * out[i]);
        }
      }
      double loss = 0;
      for (int i = 0; i < u.length; i++) {
        double r = u[i] - in.x[i];
        loss += 0.5 * r * r;
      }
      return loss / COLS;
    };
    double[] fd = centralDifferences(tail, in.omega);
    assertClose(fd, g, "truncated " + model);
  }

  static Stream<SparseModel> models() {
    return Stream.of(SparseModel.values());
  }

  static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] w0) {
    double[] fd = new double[w0.length];
    for (int i = 0; i < w0.length; i++) {
      double[] wp = w0.clone();
      double[] wm = w0.clone();
      wp[i] += H;
      wm[i] -= H;
      fd[i] = (f.applyAsDouble(wp) - f.applyAsDouble(wm)) / (2 * H);
    }
    return fd;
  }

  static void assertClose(double[] fd, double[] g, String what) {
    double maxAbs = 0;
    for (double v : fd) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertTrue(maxAbs > 1e-6, what + ": gradient is trivially zero, the test would prove nothing");
    for (int i = 0; i < fd.length; i++) {
      assertEquals(fd[i], g[i], TOL * (1 + Math.abs(fd[i])), what + " component " + i);
    }
  }

  /** A random instance with a perturbed ω so layers differ and W ≠ A. */
  static final class Instance {
    final SparseModel model;
    final BmoConfig cfg;
    final HypergradientMethod method;
    final double[] a;
    final double[] b;
    final double[] x;
    final double[] omega;

    Instance(SparseModel model, BmoConfig cfg, HypergradientMethod method, long seed) {
      this(model, cfg, method, seed, 0.02);
    }

    /** @param theta0 threshold before perturbation; larger values give smaller, better-conditioned supports */
    Instance(SparseModel model, BmoConfig cfg, HypergradientMethod method, long seed, double theta0) {
      this.model = model;
      this.cfg = cfg;
      this.method = method;
      this.a = TestData.dictionary(M, N, seed);
      double[][] bx = TestData.pairs(a, M, N, COLS, 0.25, seed + 1);
      this.b = bx[0];
      this.x = bx[1];
      double lip = TestData.lipschitz(a, M, N);
      SparseCodingMap map = new SparseCodingMap(model, a, M, N, cfg.layers());
      this.omega = map.initialOmega(theta0, 0.9 / lip);
      Random r = new Random(seed + 2);
      int thetaCount = map.distinctLayers();
      for (int i = 0; i < omega.length; i++) {
        double scale = i < thetaCount ? 0.005 : (i < 2 * thetaCount ? 0.05 / lip : 0.01);
        omega[i] += scale * r.nextGaussian();
      }
    }

    UnrolledObjective objective() {
      return new UnrolledObjective(new SparseCodingMap(model, a, M, N, cfg.layers()), cfg, method);
    }

    double phi(double[] w) {
      UnrolledObjective obj = objective();
      obj.bind(w);
      LossGradientSum s = obj.newSum();
      obj.add(new Block(b, x, COLS), s, false);
      return s.loss();
    }

    double[] gradient(double[] w) {
      UnrolledObjective obj = objective();
      obj.bind(w);
      LossGradientSum s = obj.newSum();
      obj.add(new Block(b, x, COLS), s, true);
      return s.gradient();
    }
  }
}
