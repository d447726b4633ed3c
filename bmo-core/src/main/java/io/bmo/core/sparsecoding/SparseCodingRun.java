package io.bmo.core.sparsecoding;

import io.bmo.core.algorithms.JointGradient;
import io.bmo.core.algorithms.JointWork;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.SettingTable;
import io.bmo.core.hypergrad.CheckpointSchedule;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.solver.UnrolledStats;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One {@code sparse-coding} run of {@link SparseCodingFamily}: the problem with its training and test sources, the
 * step unit L, ω₀ and the projection; its depth table is the test NMSE and fixed-point residual (μ = 0) at depths
 * 1, 2, 4, …, 256 and K (layers past K reuse the last layer's parameters).
 */
final class SparseCodingRun implements FamilyRun {
  private final SparseCodingSettings settings;
  private final SparseCodingProblem problem;
  private final ExampleSource train;
  private final ExampleSource test;
  private final double lipschitz;
  private final EngineSettings engine;
  private SparseCodingShards shards;

  SparseCodingRun(SparseCodingSettings settings, SparseCodingProblem problem, ExampleSource train,
      ExampleSource test, double lipschitz, EngineSettings engine) {
    this.settings = settings;
    this.problem = problem;
    this.train = train;
    this.test = test;
    this.lipschitz = lipschitz;
    this.engine = engine;
  }

  @Override
  public SparseCodingShards problem() {
    if (shards == null) {
      shards = new SparseCodingShards(problem, train, test);
    }
    return shards;
  }

  @Override
  public ShardPlan trainPlan() {
    return new ShardPlan(train.size(), (int) Math.min(engine.shards(), train.size()), engine.blockSize());
  }

  @Override
  public ShardPlan testPlan() {
    return test == null ? null
        : new ShardPlan(test.size(), (int) Math.min(engine.shards(), test.size()), engine.blockSize());
  }

  /** θ = λ₀/L, s = step0/L, W = A. */
  @Override
  public double[] initialOmega() {
    return problem.map().initialOmega(settings.lambda0() / lipschitz, settings.step0() / lipschitz);
  }

  @Override
  public ParamConstraint projection() {
    return SparseCodingFamily.constraint(problem.map().layout(), settings.unrolled().stepMin(),
        settings.unrolled().stepMax(), lipschitz);
  }

  @Override
  public String progressMetric() {
    return "test_nmse_db";
  }

  @Override
  public Map<String, Object> seeds() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", settings.seed());
    m.put("test", settings.testSeed());
    return m;
  }

  @Override
  public Map<String, Object> manifestFields() {
    return Map.of("lipschitz", lipschitz);
  }

  @Override
  public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> lastMetric) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("test_nmse_db", lastMetric.applyAsDouble("test_nmse_db"));
    m.put("model", settings.model().id());
    return m;
  }

  @Override
  public Map<String, Double> algorithmMetrics(double[] omega, double[][] e) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test_nmse_db", e == null ? Double.NaN : SparseCodingShards.nmse(e[0]));
    m.put("fixed_point_residual", e == null ? Double.NaN : SparseCodingShards.residual(e[0]));
    return m;
  }

  @Override
  public boolean algorithmMetricsUseTest() {
    return true;
  }

  @Override
  public JointWork joint(JointGradient gradient) {
    if (settings.model().layerwise()) {
      throw new FamilyConfigException("model.type", "joint mode needs a tied model (ista or lista-tied), got "
          + settings.model().id());
    }
    if (settings.support().enabled()) {
      throw new FamilyConfigException("model.support.increment",
          "joint mode has no support selection (set model.support.increment = 0)");
    }
    return new JointWork(settings.model(), problem.dictionary(), problem.m(), problem.n(), train, gradient);
  }

  @Override
  public SettingTable settingTable() {
    if (test == null) {
      return null;
    }
    List<Integer> d = new ArrayList<>();
    for (int l = 1; l <= 256; l *= 2) {
      d.add(l);
    }
    d.add(settings.layers());
    int[] defaults = d.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    return new SettingTable("layers", "nmse_vs_layers.csv", settings.layers(), defaults, 100_000,
        List.of("test_nmse_db", "fixed_point_residual"),
        sums -> new double[] {SparseCodingShards.nmse(sums), SparseCodingShards.residual(sums)});
  }

  @Override
  public Map<String, Object> baseline(double[] grid, int tuneExamples, int blockSize,
      java.util.function.Consumer<String> log) {
    if (test == null) {
      throw new IllegalArgumentException("baseline needs a test set (data.test-examples > 0 or test files)");
    }
    return BaselineTuning.run(problem, lipschitz, settings.layers(), train, test,
        grid == null ? BaselineTuning.defaultGrid() : grid, tuneExamples, blockSize, log);
  }

  @Override
  public Map<String, Object> hypergradientFields(io.bmo.core.aggregate.LossGradientSum total) {
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("model", settings.model().id());
    HypergradientMethod hm = settings.unrolled().method();
    res.put("method", hm.id());
    res.put("layers", settings.layers());
    double[] st = total.stats();
    if (hm instanceof HypergradientMethod.Implicit) {
      UnrolledStats us = UnrolledStats.of(st);
      res.put("adjoint_iterations", us.adjointIterations());
      res.put("adjoint_residual_mean", us.adjointResidualMean());
    }
    if (hm instanceof HypergradientMethod.Reverse rv && rv.checkpointed()) {
      CheckpointSchedule sched = new CheckpointSchedule(settings.layers(), rv.snapshots());
      res.put("snapshots", sched.snapshots());
      res.put("forward_steps_per_block", sched.forwardSteps());
    }
    return res;
  }

  /** The step unit L. */
  double lipschitz() {
    return lipschitz;
  }
}
