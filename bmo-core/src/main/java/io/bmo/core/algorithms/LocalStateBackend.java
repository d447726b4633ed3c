package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.train.ShardPlan;

/**
 * The single-JVM {@link StateBackend}: shard states in an array, shards computed one after another in shard order by
 * one {@link ShardWork.Worker}. Each pass copies a shard's state, updates the copy and installs it, so it has the
 * same semantics as a distributed backend (and the same bits). Not thread-safe.
 */
public final class LocalStateBackend implements StateBackend {
  private final ShardPlan plan;
  private final ShardWork.Worker worker;
  private ExampleState[] current;
  private ExampleState[] pending;

  public LocalStateBackend(ShardWork work, ShardPlan plan) {
    this.plan = plan;
    this.worker = work.newWorker();
    this.current = work.emptyStates(plan);
  }

  @Override
  public ShardPlan plan() {
    return plan;
  }

  private LossGradientSum[] pass(double[] theta, WorkArgs args, ExampleState[] into) {
    LossGradientSum[] sums = new LossGradientSum[plan.shards()];
    for (int s = 0; s < sums.length; s++) {
      into[s] = current[s].copy();
      sums[s] = worker.compute(plan, s, theta, args, into[s]);
    }
    return sums;
  }

  @Override
  public LossGradientSum[] update(double[] theta, WorkArgs args) {
    ExampleState[] next = new ExampleState[plan.shards()];
    LossGradientSum[] sums = pass(theta, args, next);
    current = next;
    pending = null;
    return sums;
  }

  @Override
  public LossGradientSum[] trial(double[] theta, WorkArgs args) {
    ExampleState[] next = new ExampleState[plan.shards()];
    LossGradientSum[] sums = pass(theta, args, next);
    pending = next;
    return sums;
  }

  @Override
  public void acceptTrial() {
    if (pending == null) {
      throw new IllegalStateException("no pending trial");
    }
    current = pending;
    pending = null;
  }

  @Override
  public long stateBytes() {
    long b = 0;
    for (ExampleState s : current) {
      b += s.bytes();
    }
    return b;
  }

  /** The live current states (index = shard; do not modify). */
  public ExampleState[] states() {
    return current;
  }

  @Override
  public ExampleState[] snapshot() {
    return ShardSums.copy(current);
  }

  @Override
  public void restore(ExampleState[] states) {
    if (states.length != plan.shards()) {
      throw new IllegalArgumentException("got " + states.length + " shard states, plan has " + plan.shards());
    }
    for (int s = 0; s < states.length; s++) {
      if (states[s].first() != plan.start(s) || states[s].first() + states[s].count() != plan.end(s)) {
        throw new IllegalArgumentException("state " + states[s] + " does not hold shard " + s + " of " + plan);
      }
    }
    current = ShardSums.copy(states);
    pending = null;
  }
}
