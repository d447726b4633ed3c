package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;

/**
 * Runs shards somewhere (local threads, Spark executors) and returns their results <b>in shard order</b>; the
 * driver folds them in that order. Implementations must not combine shards themselves in any other order.
 */
public interface ShardExecutor extends AutoCloseable {
  /** Per-shard training sums (index = shard id) for ω and an optional sorted minibatch. */
  LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient);

  /** Per-shard μ = 0 evaluation sums on the training (test = false) or test set, result[shard][depth][stat]. */
  double[][][] evaluate(double[] omega, boolean test, int[] depths);

  /** Called by the driver loop before step {@code step} (0-based) of {@code total}; e.g. to label Spark jobs. */
  default void beginStep(long step, long total) {}

  /** Human-readable description (e.g. "local, 2 threads" or a Spark master URL). */
  String describe();

  @Override
  default void close() {}
}
