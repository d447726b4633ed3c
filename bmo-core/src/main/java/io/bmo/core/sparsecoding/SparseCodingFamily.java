package io.bmo.core.sparsecoding;

import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.family.TablePanel;
import io.bmo.core.operator.Spectral;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ExampleSource;
import java.util.List;

/**
 * {@code problem = "sparse-coding"} (sections {@code data} and {@code model}, keys in
 * {@code sparse-coding-defaults.conf}; it also reads the engine's {@code bmo} and {@code hypergradient} sections):
 * learned ISTA-type models unrolled to K layers (ista, ista-layerwise, lista-tied, alista, lista-cpss) trained by
 * Algorithm 1 or joint mode, on the seeded synthetic protocol or on {@code .npy}/CSV/Parquet files.
 *
 * <p>Step unit L = ‖A‖² (ALISTA: ‖WᵀA‖₂); ω₀ has θ = λ₀/L, s = step0/L, W = A (LISTA-CPSS W_k = (step0/L)·A); the
 * projection after each update keeps θ ≥ 0 and s ∈ [step-min/L, step-max/L].
 */
public final class SparseCodingFamily implements ProblemFamily {
  @Override
  public List<String> names() {
    return List.of("sparse-coding");
  }

  @Override
  public String section() {
    return "model";
  }

  @Override
  public List<String> sections() {
    return List.of("data", "model");
  }

  @Override
  public List<String> engineSections() {
    return List.of("bmo", "hypergradient");
  }

  @Override
  public String defaultsResource() {
    return "sparse-coding-defaults.conf";
  }

  @Override
  public boolean defaultsInEveryConfig() {
    return true;
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_nmse_db", Metric.Goal.MINIMIZE, "Test NMSE (dB)", Metric.Plot.LINEAR));
  }

  @Override
  public List<TablePanel> reportTables() {
    return List.of(new TablePanel("nmse_vs_layers.csv", "layers", "test_nmse_db", "Test NMSE vs layers (μ = 0)",
        "layers", "test NMSE [dB]"));
  }

  /** {@code hypergrad}'s short form: see {@link HypergradOptions}. */
  @Override
  public List<CommandOverride> commandOverrides(String command, java.util.Map<String, String> options) {
    return command.equals("hypergrad") ? HypergradOptions.overrides(options) : null;
  }

  @Override
  public void validate(String problem, FamilyConfig c, EngineSettings engine) {
    SparseCodingSettings.from(c, engine.unrolled());
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    SparseCodingSettings s = SparseCodingSettings.from(c, engine.unrolled());
    double[] a;
    int m;
    int n;
    ExampleSource train;
    ExampleSource test;
    if (s.synthetic()) {
      SparseCodingGenerator g = new SparseCodingGenerator(FamilyConfigException.wrap("data",
          () -> new SparseCodingSpec(s.m(), s.n(), s.p(), s.snrDb(), s.seed())));
      a = g.dictionary();
      m = s.m();
      n = s.n();
      train = SyntheticSource.training(g, s.trainExamples());
      test = s.testExamples() > 0 ? FamilyConfigException.wrap("data.test-seed",
          () -> SyntheticSource.heldOut(g, s.testSeed(), s.testExamples())) : null;
    } else {
      FamilyConfig.Matrix dict = c.matrix("data.dictionary", "A");
      m = dict.rows();
      n = dict.cols();
      a = columnMajor(dict);
      train = c.examples("data.train-signals", "signal", m, "data.train-codes", "code", n);
      test = s.hasTestFiles() ? c.examples("data.test-signals", "signal", m, "data.test-codes", "code", n) : null;
    }
    SparseCodingProblem p = FamilyConfigException.wrap("hypergradient.method", () -> new SparseCodingProblem(
        s.model(), a, m, n, s.inner(), s.unrolled().method(), s.support(), null));
    // ALISTA's step acts on M = WᵀA (diag 1), so its unit is ‖WᵀA‖₂; every other model's is ‖A‖².
    double lip = s.model() == SparseModel.ALISTA ? p.map().operatorNorm() : Spectral.lipschitz(a, m, n);
    return new SparseCodingRun(s, p, train, test, lip, engine);
  }

  /**
   * Single-core seconds of a run from its FLOPs at {@code gflops}: per example and layer the forward step costs
   * ≈ 4mn (two m×n products) and the reverse pass about twice that, so 12mn per example, layer and step; evaluations
   * add 4mn per example and layer on the training and test sets every {@code eval-every} steps.
   */
  @Override
  public double estimatedSeconds(FamilyConfig c, EngineSettings t, double gflops) {
    double mn = (double) c.integer("data.m") * c.integer("data.n");
    long layers = c.integer("model.layers");
    long trainN = c.integer("data.train-examples");
    double perStep = t.batchSize() > 0 ? Math.min(t.batchSize(), trainN) : trainN;
    double flops = (double) t.steps() * perStep * layers * 12 * mn;
    if (t.evalEvery() > 0) {
      double evals = Math.ceil((double) t.steps() / t.evalEvery());
      flops += evals * (trainN + c.integer("data.test-examples")) * layers * 4 * mn;
    }
    return flops / (gflops * 1e9);
  }

  /**
   * θ ≥ 0 and s ∈ [stepMin/L, stepMax/L] (no step block: θ ≥ 0 only): the projection of every sparse-coding run,
   * also used by the Spark ML estimator, so both give the same ω.
   */
  public static ParamConstraint constraint(ParamLayout layout, double stepMin, double stepMax, double lipschitz) {
    int k = layout.block("theta").size();
    ParamConstraint theta = ParamConstraint.clamp(layout.offset("theta"), k, 0.0, Double.POSITIVE_INFINITY);
    if (!layout.has("step")) {
      return theta;
    }
    return theta.andThen(ParamConstraint.clamp(layout.offset("step"), k, stepMin / lipschitz, stepMax / lipschitz));
  }

  private static double[] columnMajor(FamilyConfig.Matrix d) {
    double[] out = new double[d.rows() * d.cols()];
    for (int i = 0; i < d.rows(); i++) {
      for (int j = 0; j < d.cols(); j++) {
        out[j * d.rows() + i] = d.data()[i * d.cols() + j];
      }
    }
    return out;
  }
}
