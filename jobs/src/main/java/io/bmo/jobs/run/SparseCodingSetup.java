package io.bmo.jobs.run;

import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.operator.Spectral;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.train.ExampleSource;
import io.bmo.datasets.io.NpyArray;
import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;
import io.bmo.core.sparsecoding.SyntheticSource;
import io.bmo.jobs.config.TrainConfig;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a validated {@link TrainConfig} into the pieces of a run: data sources, the problem, the step unit L
 * (‖A‖², for ALISTA ‖WᵀA‖₂), the initial ω (θ = λ₀/L, s = step0/L, W = A; LISTA-CPSS W_k = (step0/L)·A) and the optimizer (clip → Adam/SGD, then θ ≥ 0 and
 * s ∈ [step-min/L, step-max/L]). File inputs are read and checked here, before any output is written.
 */
public final class SparseCodingSetup implements RunSetup {
  public final TrainConfig config;
  public final SparseCodingProblem problem;
  public final ExampleSource train;
  public final ExampleSource test;
  public final double lipschitz;
  public final int m;
  public final int n;

  private SparseCodingSetup(TrainConfig config, SparseCodingProblem problem, ExampleSource train, ExampleSource test,
      double lipschitz) {
    this.config = config;
    this.problem = problem;
    this.train = train;
    this.test = test;
    this.lipschitz = lipschitz;
    this.m = problem.m();
    this.n = problem.n();
  }

  /** Builds everything; data files are read through Hadoop (any URI). */
  public static SparseCodingSetup create(TrainConfig cfg, Configuration hadoop) {
    TrainConfig.Data d = cfg.data();
    double[] a;
    int m;
    int n;
    ExampleSource train;
    ExampleSource test;
    if (d.synthetic()) {
      SparseCodingGenerator g = new SparseCodingGenerator(
          TrainConfig.wrapStatic("data", () -> new SparseCodingSpec(d.m(), d.n(), d.p(), d.snrDb(), d.seed())));
      a = g.dictionary();
      m = d.m();
      n = d.n();
      train = SyntheticSource.training(g, d.trainExamples());
      test = d.testExamples() > 0
          ? TrainConfig.wrapStatic("data.test-seed", () -> SyntheticSource.heldOut(g, d.testSeed(), d.testExamples()))
          : null;
    } else {
      NpyArray dict = MatrixFiles.read(d.dictionary(), "A", hadoop, -1, -1);
      m = dict.shape()[0];
      n = dict.shape()[1];
      a = dict.toColumnMajor();
      train = pair(d.trainSignals(), d.trainCodes(), m, n, hadoop);
      test = d.hasTestFiles() ? pair(d.testSignals(), d.testCodes(), m, n, hadoop) : null;
    }
    SparseCodingProblem problem = TrainConfig.wrapStatic("hypergradient.method", () ->
        new SparseCodingProblem(cfg.model().type(), a, m, n, cfg.inner(), cfg.method(), cfg.model().support(), null));
    // ALISTA's step acts on M = WᵀA (diag 1), so its unit is ‖WᵀA‖₂; every other model's is ‖A‖².
    double lip = cfg.model().type() == SparseModel.ALISTA ? problem.map().operatorNorm()
        : Spectral.lipschitz(a, m, n);
    return new SparseCodingSetup(cfg, problem, train, test, lip);
  }

  private static ExampleSource pair(String signals, String codes, int m, int n, Configuration hadoop) {
    if (signals.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")
        && codes.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
      NpyRowSource streamed = NpyRowSource.open(signals, codes, m, n, hadoop);
      if (streamed != null) {
        return streamed;
      }
    }
    NpyArray b = MatrixFiles.read(signals, "signal", hadoop, -1, m);
    NpyArray x = MatrixFiles.read(codes, "code", hadoop, -1, n);
    if (x.rows() != b.rows()) {
      throw new io.bmo.jobs.UserError(MatrixFiles.rowMismatch(codes, x.rows(), signals, b.rows()));
    }
    return new io.bmo.core.train.ArraySource(m, n, b.data(), x.data());
  }

  private io.bmo.core.sparsecoding.SparseCodingShards shards;

  @Override
  public io.bmo.core.sparsecoding.SparseCodingShards problem() {
    if (shards == null) {
      shards = new io.bmo.core.sparsecoding.SparseCodingShards(problem, train, test);
    }
    return shards;
  }

  @Override
  public io.bmo.core.train.ShardPlan trainPlan() {
    TrainConfig.Train t = config.train();
    return new io.bmo.core.train.ShardPlan(train.size(), (int) Math.min(t.shards(), train.size()), t.blockSize());
  }

  @Override
  public io.bmo.core.train.ShardPlan testPlan() {
    TrainConfig.Train t = config.train();
    return test == null ? null
        : new io.bmo.core.train.ShardPlan(test.size(), (int) Math.min(t.shards(), test.size()), t.blockSize());
  }

  @Override
  public String progressMetric() {
    return "test_nmse_db";
  }

  @Override
  public java.util.Map<String, Object> manifestFields() {
    return java.util.Map.of("lipschitz", lipschitz);
  }

  @Override
  public java.util.Map<String, Object> seeds() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("data", config.data().seed());
    m.put("test", config.data().testSeed());
    return m;
  }

  @Override
  public java.util.Map<String, Double> algorithmMetrics(double[] omega, double[][] e) {
    java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
    m.put("test_nmse_db", e == null ? Double.NaN : io.bmo.core.sparsecoding.SparseCodingShards.nmse(e[0]));
    m.put("fixed_point_residual", e == null ? Double.NaN
        : io.bmo.core.sparsecoding.SparseCodingShards.residual(e[0]));
    return m;
  }

  @Override
  public boolean algorithmMetricsUseTest() {
    return true;
  }

  @Override
  public java.util.Map<String, Object> resultFields(double[] omega, MetricsLog metrics) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("test_nmse_db", metrics.last("test_nmse_db"));
    m.put("model", config.model().type().id());
    return m;
  }

  /** Initial ω: θ = λ₀/L, s = step0/L, W = A. */
  @Override
  public double[] initialOmega() {
    SparseCodingMap map = problem.map();
    return map.initialOmega(config.model().lambda0() / lipschitz, config.model().step0() / lipschitz);
  }

  /** The configured optimizer with its projection. */
  @Override
  public Optimizer optimizer() {
    return optimizer(config.optimizer(), problem.map().layout(), lipschitz);
  }

  /**
   * Clip (if set) → Adam or SGD, then θ ≥ 0 and s ∈ [step-min/L, step-max/L]: the optimizer of every sparse-coding
   * run (also used by the Spark ML estimator, so both give the same ω).
   */
  public static Optimizer optimizer(TrainConfig.Opt o, io.bmo.core.param.ParamLayout layout, double lipschitz) {
    return o.build(constraint(o, layout, lipschitz));
  }

  /** θ ≥ 0 and s ∈ [step-min/L, step-max/L] (no step block: θ ≥ 0 only). */
  public static ParamConstraint constraint(TrainConfig.Opt o, io.bmo.core.param.ParamLayout layout, double lipschitz) {
    int k = layout.block("theta").size();
    ParamConstraint theta = ParamConstraint.clamp(layout.offset("theta"), k, 0.0, Double.POSITIVE_INFINITY);
    if (!layout.has("step")) {
      return theta;
    }
    return theta.andThen(ParamConstraint.clamp(layout.offset("step"), k, o.stepMin() / lipschitz, o.stepMax() / lipschitz));
  }


  /** The projection after each update: θ ≥ 0 and s ∈ [step-min/L, step-max/L]. */
  public ParamConstraint constraint() {
    return constraint(config.optimizer(), problem.map().layout(), lipschitz);
  }

}
