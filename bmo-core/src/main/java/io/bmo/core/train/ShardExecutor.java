package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.optim.OptState;

/**
 * Runs shards somewhere (local threads, Spark executors). Per-shard results come back in shard order; the step's
 * training sum is reduced with {@link ReproducibleStepSum}, whose bits do not depend on the order or grouping of the
 * merges, so an executor may combine shards wherever it likes (inside a task, in a reduction tree) and still equal
 * every other executor bit for bit.
 */
public interface ShardExecutor extends AutoCloseable {
  /** Per-shard training sums (index = shard id) for ω and an optional sorted minibatch. */
  LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient);

  /**
   * The step's training sum over all shards, reduced with {@link ReproducibleStepSum}; equal bit for bit to
   * {@code ReproducibleStepSum.reduce(train(omega, batch, withGradient))}. Distributed executors override it to
   * reduce near the data (tasks merge their shards, a tree merges the tasks) instead of collecting every shard.
   */
  default LossGradientSum trainTotal(double[] omega, long[] batch, boolean withGradient) {
    return ReproducibleStepSum.reduce(train(omega, batch, withGradient));
  }

  /**
   * Runs {@code count} consecutive Algorithm 1 steps from {@code state.step()} without coming back to the caller
   * between them; or returns null (the default) when this executor runs one step per call. Each step's minibatch,
   * sum, evaluation passes (on the steps {@link StepUpdate#evaluates}, folded in shard order) and update are those of
   * {@link Trainer#step}, so the result equals {@code count} such steps bit for bit. {@code omega} and {@code state}
   * are not modified.
   *
   * @return the steps' metrics and ω and the state after them; a divergence ends the group early
   */
  default StepGroup trainSteps(StepUpdate update, double[] omega, OptState state, int count) {
    return null;
  }

  /** Per-shard μ = 0 evaluation sums on the training (test = false) or test set, result[shard][depth][stat]. */
  double[][][] evaluate(double[] omega, boolean test, int[] depths);

  /** Called by the driver loop before step {@code step} (0-based) of {@code total}; e.g. to label Spark jobs. */
  default void beginStep(long step, long total) {}

  /** Human-readable description (e.g. "local, 2 threads" or a Spark master URL). */
  String describe();

  @Override
  default void close() {}
}
