package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;

/**
 * Where the per-shard {@link ExampleState}s of a stateful algorithm live and where its {@link ShardWork} runs: in
 * this JVM ({@link LocalStateBackend}) or next to the data on a cluster (the Spark backend of {@code jobs}). The
 * drivers ({@link IsgdRunner}, {@link MaidRunner}, {@link JointRunner}) only call these methods, so they run the same
 * sequence of operations on any backend.
 *
 * <p>Contract: results are returned <b>in shard order</b> and are a pure function of (θ, args, current states), so
 * every backend gives the same bits; an input state is never modified in place (a pass works on a copy and the
 * copy becomes the new state), so a retried or recomputed shard sees exactly the state its first attempt saw.
 */
public interface StateBackend extends AutoCloseable {
  /** The shards. */
  ShardPlan plan();

  /**
   * The backend's plan, checked to cover exactly {@code examples} examples of {@code what}.
   *
   * @throws IllegalArgumentException naming both counts
   */
  static ShardPlan planCovering(StateBackend backend, long examples, String what) {
    ShardPlan plan = backend.plan();
    if (plan.examples() != examples) {
      throw new IllegalArgumentException("plan covers " + plan.examples() + " examples, " + what + " has " + examples);
    }
    return plan;
  }

  /**
   * One pass against the current states; the updated states become current.
   *
   * @return per-shard sums, index = shard
   */
  LossGradientSum[] update(double[] theta, WorkArgs args);

  /**
   * One pass against the current states that does not change them: the updated states are kept as the pending
   * trial (replacing an earlier pending trial) until {@link #acceptTrial}.
   */
  LossGradientSum[] trial(double[] theta, WorkArgs args);

  /**
   * {@link #update}, reduced: the order-independent total of the shard sums ({@link Trainer#fold}). A cluster backend
   * overrides it to reduce next to the data, so the caller receives one sum instead of one per shard; the bits are
   * the same either way.
   */
  default LossGradientSum updateTotal(double[] theta, WorkArgs args) {
    return Trainer.fold(update(theta, args));
  }

  /** {@link #trial}, reduced as {@link #updateTotal} is. */
  default LossGradientSum trialTotal(double[] theta, WorkArgs args) {
    return Trainer.fold(trial(theta, args));
  }

  /** The pending trial's states become current. @throws IllegalStateException when there is none */
  void acceptTrial();

  /** Bytes held by the current states' arrays (Σ {@link ExampleState#bytes()}). */
  long stateBytes();

  /** A deep copy of the current states, index = shard (gathers them to the caller; for checkpoints and tests). */
  ExampleState[] snapshot();

  /** Replaces the current states with copies of {@code states} (index = shard) and drops any pending trial. */
  void restore(ExampleState[] states);

  @Override
  default void close() {}
}
