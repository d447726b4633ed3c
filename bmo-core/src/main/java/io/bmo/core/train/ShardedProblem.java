package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.param.ParamLayout;
import java.io.Serializable;
import java.util.Map;

/**
 * A bilevel problem whose upper objective is a sum over examples, computed shard by shard — the unit that local
 * threads or Spark tasks run. It owns its data sources (training and optional test set) and knows how to turn folded
 * sums into named per-step metrics. Must be serializable: Spark broadcasts it once per run.
 */
public interface ShardedProblem extends Serializable {
  /** Layout of ω. */
  ParamLayout layout();

  /** Number of training examples N. */
  long trainSize();

  /** Number of test examples (0 = no test set). */
  long testSize();

  /** A fresh task with its own workspaces (one per thread or Spark task slot). */
  ShardTask newTask();

  /** Depths (or other evaluation settings) passed to {@link ShardTask#evaluate} for per-step metrics. */
  int[] evalDepths();

  /** Whether per-step metrics need an evaluation pass over the training set (not just the training sums). */
  boolean needsTrainEvaluation();

  /**
   * Named per-step metrics, in a fixed order (they become CSV/Parquet columns).
   *
   * @param train folded training sums at ω_t
   * @param trainEval folded training-set evaluation, or null when not computed this step
   * @param testEval folded test-set evaluation, or null when not computed this step
   * @return metric name → value (NaN when not available this step); the same keys every step
   */
  Map<String, Double> metrics(LossGradientSum train, double[][] trainEval, double[][] testEval);
}
