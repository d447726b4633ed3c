package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;

/** Computes one shard's sums for a {@link ShardedProblem}; holds workspaces; not thread-safe. */
public interface ShardTask {
  /**
   * Loss, hypergradient and statistics of training shard {@code shard}: all its examples in order, or only those in
   * the sorted minibatch {@code batch} when given.
   */
  LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient);

  /** Evaluation sums of a whole training (test = false) or test shard: result[setting][stat]. */
  double[][] evaluate(double[] omega, boolean test, ShardPlan plan, int shard, int[] settings);
}
