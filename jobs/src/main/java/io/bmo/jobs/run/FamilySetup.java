package io.bmo.jobs.run;

import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.algorithms.InexactWork;
import io.bmo.core.algorithms.JointWork;
import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.AlgorithmSection;
import io.bmo.jobs.config.FamilySection;
import io.bmo.jobs.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run of a plug-in {@link ProblemFamily}: everything problem-specific comes from its {@link FamilyRun}; the engine
 * adds the optimizer of its {@code optimizer} section (clip → Adam/SGD) followed by the family's projection.
 */
public final class FamilySetup {
  private final TrainConfig config;
  private final FamilyRun run;
  private final ShardWork algorithmWork;
  /** Stateless (its state is an {@code OptState}), so one serves every use of the setup. */
  private final Optimizer optimizer;
  /** ω₀ with {@code train.init-run}'s blocks, read once (null until then, or without init-run). */
  private double[] initRunOmega;

  private FamilySetup(TrainConfig config, FamilyRun run, Optimizer optimizer, ShardWork algorithmWork) {
    this.config = config;
    this.run = run;
    this.optimizer = optimizer;
    this.algorithmWork = algorithmWork;
  }

  /**
   * Builds the family's run and, for a stateful {@code algorithm.type}, its shard work (so an algorithm the family
   * does not support fails here, before Spark starts); a {@link FamilyConfigException} becomes a UserError naming its
   * key.
   *
   * @param cfg the validated train config
   * @return the setup
   */
  public static FamilySetup create(TrainConfig cfg) {
    FamilySection s = cfg.family();
    try {
      FamilyRun run = s.family().create(s.name(), s.config(), s.engine());
      // built here so that an unknown optimizer.lr-scale block fails before Spark starts
      Optimizer optimizer = cfg.optimizer().build(run.projection(), run.problem().layout());
      if (!cfg.train().initRun().isEmpty() && cfg.algorithm().stateful()) {
        throw new UserError("train.init-run: starts Algorithm 1 only (algorithm.type = bmo), got algorithm.type = "
            + cfg.algorithm().kind().name().toLowerCase(java.util.Locale.ROOT));
      }
      return new FamilySetup(cfg, run, optimizer, cfg.algorithm().stateful() ? work(cfg, run) : null);
    } catch (FamilyConfigException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** The shard work of the stateful algorithm (null for Algorithm 1). */
  ShardWork algorithmWork() {
    return algorithmWork;
  }

  private static ShardWork work(TrainConfig cfg, FamilyRun run) {
    AlgorithmSection a = cfg.algorithm();
    if (a.kind() == AlgorithmSection.Kind.JOINT) {
      JointWork w = run.joint(a.joint().gradient());
      if (w == null) {
        throw new UserError("algorithm.type: joint is not available for problem " + cfg.problemName());
      }
      return w;
    }
    AlgorithmSection.Maid m = a.maid();
    FamilyRun.MaidBound bound = m == null ? null
        : new FamilyRun.MaidBound(m.mu(), m.lossLipschitz(), m.hessianLipschitz(), m.mixedLipschitz(), m.mixedNorm());
    InexactProblem p = run.inexact(bound);
    if (p == null) {
      throw new UserError("algorithm.type: " + a.kind().id() + " is not available for problem " + cfg.problemName());
    }
    return new InexactWork(p);
  }

  /**
   * The family's run (for evaluate and the inexact algorithms).
   *
   * @return the run
   */
  public FamilyRun run() {
    return run;
  }

  /** {@return the family's sharded problem} */
  public ShardedProblem problem() {
    return run.problem();
  }

  /** {@return the training set's shard plan} */
  public ShardPlan trainPlan() {
    return run.trainPlan();
  }

  /** {@return the test set's shard plan, or null when there is no test set} */
  public ShardPlan testPlan() {
    return run.testPlan();
  }

  /**
   * ω₀, a fresh array: the family's, with the blocks of {@code train.init-run}'s final ω copied over when set.
   *
   * @return ω₀
   * @throws UserError naming {@code train.init-run} when the run is missing, unfinished, shares no block with ω or
   *     holds a block of another shape
   */
  public double[] initialOmega() {
    String from = config.train().initRun();
    if (from.isEmpty()) {
      return run.initialOmega();
    }
    if (initRunOmega == null) {
      initRunOmega = readInitRun(from);
    }
    return initRunOmega.clone();
  }

  private double[] readInitRun(String from) {
    double[] omega = run.initialOmega();
    RunStore store;
    try {
      store = StoredRun.open(from, new org.apache.hadoop.conf.Configuration());
    } catch (UserError e) {
      throw new UserError("train.init-run: " + e.getMessage(), e);
    }
    try {
      if (!store.exists("omega")) {
        throw new UserError("train.init-run: " + from + " has no final omega/ (not a finished run?)");
      }
      java.util.List<String> copied = store.readOmegaBlocks("omega", run.problem().layout(), omega);
      if (copied.isEmpty()) {
        throw new UserError("train.init-run: " + from + " has none of omega's blocks "
            + run.problem().layout().blocks().stream().map(b -> b.name()).toList());
      }
      return omega;
    } catch (java.io.IOException e) {
      throw new UserError("train.init-run: " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
    }
  }

  /** {@return the configured optimizer, with the family's projection} */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** {@return the metric of the progress line} */
  public String progressMetric() {
    return run.progressMetric();
  }

  /** {@return the family's manifest fields} */
  public Map<String, Object> manifestFields() {
    return run.manifestFields();
  }

  /** {@return the family's seeds, for the manifest} */
  public Map<String, Object> seeds() {
    return run.seeds();
  }

  /**
   * The family's per-step metrics of a stateful algorithm ({@link FamilyRun#algorithmMetrics}).
   *
   * @param omega ω at the start of the step
   * @param testEval the folded test-set evaluation, or null
   * @return metric name → value
   */
  public Map<String, Double> algorithmMetrics(double[] omega, double[][] testEval) {
    return run.algorithmMetrics(omega, testEval);
  }

  /** {@return whether {@link #algorithmMetrics} reads the test-set evaluation} */
  public boolean algorithmMetricsUseTest() {
    return run.algorithmMetricsUseTest();
  }

  /**
   * The fields of the final JSON line: the problem, then the family's fields.
   *
   * @param omega the final ω
   * @param metrics the run's per-step metrics
   * @return field name → value
   */
  public Map<String, Object> resultFields(double[] omega, MetricsLog metrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem", config.problemName());
    m.putAll(run.resultFields(omega, metrics::last));
    return m;
  }
}
