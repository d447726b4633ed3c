package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.train.ShardPlan;
import java.io.Serializable;

/**
 * The per-shard computation of a stateful algorithm, as a {@link StateBackend} runs it: given θ, a {@link WorkArgs}
 * and shard s's {@link ExampleState}, return the shard's sum and update the state in place. The result must be a
 * pure function of (θ, args, the state's arrays, the plan): backends rely on that to recompute a lost shard and get
 * the same bits. Serializable (a distributed backend ships it once per run); the {@link Worker}s it creates hold
 * the non-thread-safe workspaces, one per thread or task slot.
 */
public interface ShardWork extends Serializable {
  /** Values per example of the primal warm start. */
  int primalWidth();

  /** Values per example of the adjoint warm start (0 = none). */
  int adjointWidth();

  /** A worker with its own workspaces. */
  Worker newWorker();

  /** Computes one shard; not thread-safe. */
  interface Worker {
    /**
     * @param theta parameters, not modified
     * @param state shard {@code shard}'s state. Modified.
     * @return the shard's sum (statistics as defined by the work)
     */
    LossGradientSum compute(ShardPlan plan, int shard, double[] theta, WorkArgs args, ExampleState state);
  }

  /**
   * Bytes of the states of every shard of {@code plan}: 8 per value, (primal + adjoint + 1) values per example
   * (the extra one is the example's visit mark).
   */
  default long stateBytes(ShardPlan plan) {
    long b = 0;
    for (int s = 0; s < plan.shards(); s++) {
      b += 8L * (plan.end(s) - plan.start(s)) * (primalWidth() + adjointWidth() + 1);
    }
    return b;
  }

  /** Never-visited states for every shard of {@code plan}. */
  default ExampleState[] emptyStates(ShardPlan plan) {
    ExampleState[] s = new ExampleState[plan.shards()];
    for (int i = 0; i < s.length; i++) {
      s[i] = ExampleState.forShard(plan, i, primalWidth(), adjointWidth());
    }
    return s;
  }
}
