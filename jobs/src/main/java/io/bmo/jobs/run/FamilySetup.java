package io.bmo.jobs.run;

import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.FamilySection;
import io.bmo.jobs.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run of a plug-in {@link ProblemFamily}: everything problem-specific comes from its {@link FamilyRun}; the engine
 * adds the optimizer of its {@code optimizer} section (clip → Adam/SGD) followed by the family's projection.
 */
public final class FamilySetup implements RunSetup {
  private final TrainConfig config;
  private final FamilyRun run;

  private FamilySetup(TrainConfig config, FamilyRun run) {
    this.config = config;
    this.run = run;
  }

  /** Builds the family's run; a {@link FamilyConfigException} becomes a UserError naming its key. */
  public static FamilySetup create(TrainConfig cfg) {
    FamilySection s = cfg.family();
    try {
      return new FamilySetup(cfg, s.family().create(s.name(), s.config(), s.engine()));
    } catch (FamilyConfigException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** The family's run (for evaluate and the inexact algorithms). */
  public FamilyRun run() {
    return run;
  }

  @Override
  public ShardedProblem problem() {
    return run.problem();
  }

  @Override
  public ShardPlan trainPlan() {
    return run.trainPlan();
  }

  @Override
  public ShardPlan testPlan() {
    return run.testPlan();
  }

  @Override
  public double[] initialOmega() {
    return run.initialOmega();
  }

  @Override
  public Optimizer optimizer() {
    return config.optimizer().build(run.projection());
  }

  @Override
  public String progressMetric() {
    return run.progressMetric();
  }

  @Override
  public Map<String, Object> manifestFields() {
    return run.manifestFields();
  }

  @Override
  public Map<String, Object> seeds() {
    return run.seeds();
  }

  @Override
  public Map<String, Double> algorithmMetrics(double[] omega, double[][] testEval) {
    return run.algorithmMetrics(omega, testEval);
  }

  @Override
  public boolean algorithmMetricsUseTest() {
    return run.algorithmMetricsUseTest();
  }

  @Override
  public Map<String, Object> resultFields(double[] omega, MetricsLog metrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem", config.problemName());
    m.putAll(run.resultFields(omega, metrics::last));
    return m;
  }
}
