package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.ShardPlan;

/**
 * The per-shard unit of ISGD and MAID (what one distributed task computes): the examples of shard s that are in the
 * step's sorted minibatch (or all of them for a full batch), in ascending order and blocks of
 * {@link ShardPlan#blockSize()}, added by one {@link InexactTask} against that shard's {@link ExampleState}. The
 * driver reduces the shard sums order-independently ({@link io.bmo.core.train.Trainer#fold}), so the result depends on the
 * plan (shard boundaries and block size fix the summation order and, for imaging, which examples share a CG) but
 * not on which executor, thread or partition holds which shard, nor on the order shards run.
 */
public final class ShardSums {
  private ShardSums() {}

  /**
   * @param batch sorted global indices, or null for the whole shard
   * @param state shard {@code shard}'s state. Modified.
   */
  public static LossGradientSum compute(InexactProblem problem, InexactTask task, ShardPlan plan, int shard,
      long[] batch, double[] theta, Tolerances tol, ExampleState state, long step, boolean withGradient) {
    if (state.first() != plan.start(shard) || state.first() + state.count() != plan.end(shard)) {
      throw new IllegalArgumentException("state " + state + " does not hold shard " + shard + " of " + plan);
    }
    LossGradientSum sum = problem.newSum();
    ShardPlan.Selection sel = plan.select(shard, batch);
    long[] idx = sel.indices();
    int from = sel.from();
    int to = sel.to();
    if (to > from) {
      task.add(theta, idx, from, to, plan.blockSize(), tol, state, step, withGradient, sum);
    }
    return sum;
  }

  /** Fresh never-visited states for every shard of the plan. */
  public static ExampleState[] emptyStates(InexactProblem problem, ShardPlan plan) {
    ExampleState[] s = new ExampleState[plan.shards()];
    for (int i = 0; i < s.length; i++) {
      s[i] = ExampleState.forShard(plan, i, problem.lowerWidth(), problem.adjointWidth());
    }
    return s;
  }

  /** Cost of a folded sum. */
  public static Cost cost(LossGradientSum sum) {
    return InexactStats.of(sum).cost();
  }

  /** Euclidean norm. */
  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Deep copy of shard states. */
  static ExampleState[] copy(ExampleState[] states) {
    ExampleState[] c = new ExampleState[states.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = states[i].copy();
    }
    return c;
  }
}
