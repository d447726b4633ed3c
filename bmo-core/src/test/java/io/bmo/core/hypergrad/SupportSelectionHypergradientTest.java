package io.bmo.core.hypergrad;

import static io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest.COLS;
import static io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest.K;
import static io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest.M;
import static io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest.N;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest.Instance;
import io.bmo.core.operator.FixedPointMap;
import io.bmo.core.operator.Linearization;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SupportSelection;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Support selection in every model × inner loop against central finite differences of the upper objective, with
 * the tolerances of {@link HypergradientFiniteDifferenceTest}; a 0.1 % error in either VJP output makes the same
 * comparison fail; checkpointed reverse mode gives the full tape's bits.
 */
class SupportSelectionHypergradientTest {
  /** 15 %/layer to 40 % (3, 6, 8, 8 of n = 20) and a schedule that passes every large entry from layer 2 on. */
  static final SupportSelection[] SELECTIONS = {new SupportSelection(15.0, 40.0), new SupportSelection(50.0, 100.0)};
  /** Instance seed of the finite-difference cases (see reverseMatchesCentralDifferences). */
  private static final long SEED = 41;
  /** Relative size of the VJP perturbation that must be detected. */
  private static final double PERTURBATION = 1e-3;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (SparseModel model : SparseModel.values()) {
      for (BmoConfig cfg : HypergradientFiniteDifferenceTest.innerLoops(K)) {
        for (SupportSelection sel : SELECTIONS) {
          out.add(Arguments.of(model, cfg, sel));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void reverseMatchesCentralDifferences(SparseModel model, BmoConfig cfg, SupportSelection sel) {
    // η jumps by θ where a passed entry crosses |z| = θ (and where the selection set changes): unlike the
    // continuous soft threshold, a central difference across such a point is meaningless. The seed is one whose
    // instances have no such point within H of ω in any case (seed 31 has one at 3e-7 in θ for lista-tied, NONNEG).
    Instance in = new Instance(model, cfg, new HypergradientMethod.Reverse(), SEED);
    Function<FixedPointMap, FixedPointMap> same = mp -> mp;
    double[] g = evaluate(in, sel, new HypergradientMethod.Reverse(), same, in.omega, true);
    double[] fd = HypergradientFiniteDifferenceTest.centralDifferences(
        w -> evaluate(in, sel, new HypergradientMethod.Reverse(), same, w, false)[0], in.omega);
    HypergradientFiniteDifferenceTest.assertClose(fd, g, model + " " + cfg + " " + sel);
  }

  static Stream<Arguments> perturbations() {
    List<Arguments> out = new ArrayList<>();
    for (SparseModel model : SparseModel.values()) {
      out.add(Arguments.of(model, true));
      out.add(Arguments.of(model, false));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} perturb ū: {1}")
  @MethodSource("perturbations")
  void aPerturbedVjpFailsTheComparison(SparseModel model, boolean perturbU) {
    BmoConfig cfg = new BmoConfig(K, 0.25, 0.5, 0.9, Projection.NONE);
    SupportSelection sel = SELECTIONS[0];
    Instance in = new Instance(model, cfg, new HypergradientMethod.Reverse(), 32);
    double[] fd = HypergradientFiniteDifferenceTest.centralDifferences(
        w -> evaluate(in, sel, new HypergradientMethod.Reverse(), mp -> mp, w, false)[0], in.omega);
    double fu = perturbU ? 1 + PERTURBATION : 1.0;
    double fw = perturbU ? 1.0 : 1 + PERTURBATION;
    // the seam itself is neutral: with factors 1 the comparison passes
    double[] neutral = evaluate(in, sel, new HypergradientMethod.Reverse(), mp -> new ScaledVjp(mp, 1.0, 1.0),
        in.omega, true);
    HypergradientFiniteDifferenceTest.assertClose(fd, neutral, "neutral seam");
    double[] g = evaluate(in, sel, new HypergradientMethod.Reverse(), mp -> new ScaledVjp(mp, fu, fw), in.omega,
        true);
    assertThrows(AssertionFailedError.class, () -> HypergradientFiniteDifferenceTest.assertClose(fd, g, "perturbed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.bmo.core.hypergrad.HypergradientFiniteDifferenceTest#models")
  void checkpointedReverseGivesTheSameBits(SparseModel model) {
    BmoConfig cfg = new BmoConfig(7, 0.2, 0.5, 0.9, Projection.NONE);
    Instance in = new Instance(model, cfg, new HypergradientMethod.Reverse(), 33);
    double[] full = evaluate(in, SELECTIONS[0], new HypergradientMethod.Reverse(), mp -> mp, in.omega, true);
    for (int s = 0; s <= 3; s++) {
      double[] lean = evaluate(in, SELECTIONS[0], new HypergradientMethod.Reverse(s), mp -> mp, in.omega, true);
      assertArrayEquals(full, lean, "snapshots " + s);
    }
  }

  /** φ (as a one-element array) or ∇φ at w, through a map with selection wrapped by {@code wrap}. */
  private static double[] evaluate(Instance in, SupportSelection sel, HypergradientMethod method,
      Function<FixedPointMap, FixedPointMap> wrap, double[] w, boolean gradient) {
    SparseCodingMap map = new SparseCodingMap(in.model, in.a, M, N, in.cfg.layers(), sel, null);
    UnrolledObjective obj = new UnrolledObjective(wrap.apply(map), in.cfg, method);
    obj.bind(w);
    LossGradientSum s = obj.newSum();
    obj.add(new Block(in.b, in.x, COLS), s, gradient);
    return gradient ? s.gradient() : new double[] {s.loss()};
  }

  /** Test seam: the map with its u-cotangent (or its ω-gradient increments) scaled by 1 + PERTURBATION. */
  private static final class ScaledVjp implements FixedPointMap {
    private final FixedPointMap inner;
    private final double fu;
    private final double fw;
    private double[] g = new double[0];
    private int cols;

    /** @param fu factor on (∂T/∂u)ᵀv; @param fw factor on the ω-gradient increments */
    ScaledVjp(FixedPointMap inner, double fu, double fw) {
      this.inner = inner;
      this.fu = fu;
      this.fw = fw;
    }

    @Override
    public int dim() {
      return inner.dim();
    }

    @Override
    public ParamLayout layout() {
      return inner.layout();
    }

    @Override
    public int distinctLayers() {
      return inner.distinctLayers();
    }

    @Override
    public void bind(double[] omega) {
      inner.bind(omega);
    }

    @Override
    public void bindBlock(double[] data, int c) {
      cols = c;
      inner.bindBlock(data, c);
    }

    @Override
    public Linearization newRecord() {
      return inner.newRecord();
    }

    @Override
    public void apply(int layer, double[] u, double[] out, Linearization record) {
      inner.apply(layer, u, out, record);
    }

    @Override
    public void vjp(int layer, Linearization record, double[] v, double[] outU, double[] gOmega) {
      vjpRelaxed(layer, cols, record, v, 0.0, 1.0, outU, gOmega, null);
    }

    @Override
    public void applyRelaxed(int layer, int c, double[] u, double a, double cx, double[] x, double ct,
        double[] out, double[] work, Linearization record) {
      inner.applyRelaxed(layer, c, u, a, cx, x, ct, out, work, record);
    }

    @Override
    public void vjpRelaxed(int layer, int c, Linearization record, double[] v, double a, double ct,
        double[] outU, double[] gOmega, double[] work) {
      double[] tmp = null;
      if (gOmega != null) {
        if (g.length != gOmega.length) {
          g = new double[gOmega.length];
        }
        java.util.Arrays.fill(g, 0.0);
        tmp = g;
      }
      double[] wk = work != null ? work : new double[dim() * c];
      inner.vjpRelaxed(layer, c, record, v, a, ct, outU, tmp, wk);
      if (outU != null) {
        for (int i = 0; i < dim() * c; i++) {
          outU[i] *= fu;
        }
      }
      if (gOmega != null) {
        for (int i = 0; i < gOmega.length; i++) {
          gOmega[i] += fw * g[i];
        }
      }
    }
  }
}
