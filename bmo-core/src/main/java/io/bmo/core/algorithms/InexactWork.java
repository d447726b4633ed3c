package io.bmo.core.algorithms;

import io.bmo.core.train.ShardPlan;

/**
 * ISGD's and MAID's shard work: {@link ShardSums#compute} of an {@link InexactProblem} with the pass's ε and δ
 * ({@link WorkArgs#tolerances()}), warm-started from and written back to the shard's {@link ExampleState}.
 */
public record InexactWork(InexactProblem problem) implements ShardWork {
  private static final long serialVersionUID = 1L;

  @Override
  public int primalWidth() {
    return problem.lowerWidth();
  }

  @Override
  public int adjointWidth() {
    return problem.adjointWidth();
  }

  @Override
  public Worker newWorker() {
    InexactTask task = problem.newTask();
    return (ShardPlan plan, int shard, double[] theta, WorkArgs a, ExampleState state) -> ShardSums.compute(problem,
        task, plan, shard, a.batch(), theta, a.tolerances(), state, a.step(), a.withGradient());
  }
}
