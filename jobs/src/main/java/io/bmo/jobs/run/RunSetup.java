package io.bmo.jobs.run;

import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.Map;

/**
 * What one problem family contributes to a training run: the sharded problem (data + math), the shard plans, the
 * starting ω, the optimizer with its projection, and problem-specific fields for the progress line, the manifest and
 * the final JSON line. Built from a validated config before Spark starts; building reads and checks all inputs.
 */
public interface RunSetup {
  ShardedProblem problem();

  ShardPlan trainPlan();

  /** Null when there is no test set. */
  ShardPlan testPlan();

  double[] initialOmega();

  Optimizer optimizer();

  /** Metric shown on the progress line (a key of the problem's metrics). */
  String progressMetric();

  /** Extra manifest fields (e.g. the Lipschitz constant). */
  Map<String, Object> manifestFields();

  /** Extra fields of the final JSON line (e.g. test NMSE, θ error). */
  Map<String, Object> resultFields(double[] omega, MetricsLog metrics);

  /** Seeds recorded first under the manifest's {@code seeds} (the engine adds {@code minibatch}). */
  Map<String, Object> seeds();

  /**
   * Per-step metrics of the stateful algorithms (see {@code FamilyRun#algorithmMetrics}).
   *
   * @param testEval the folded test-set evaluation on evaluation steps when {@link #algorithmMetricsUseTest()}, else
   *     null
   */
  Map<String, Double> algorithmMetrics(double[] omega, double[][] testEval);

  /** Whether {@link #algorithmMetrics} reads the test-set evaluation. */
  boolean algorithmMetricsUseTest();
}
