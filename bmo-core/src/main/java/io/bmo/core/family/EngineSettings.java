package io.bmo.core.family;

/**
 * The engine's {@code train.*} settings a family may use to build its shard plans and cost estimate.
 *
 * @param steps outer steps
 * @param batchSize examples per step (0 = full batch)
 * @param shards number of shards requested (a family may use fewer when it has fewer examples)
 * @param blockSize examples per block
 * @param evalEvery steps between evaluations (0 = never)
 * @param unrolled the engine's keys for unrolled lower levels (null when not given, e.g. in tests)
 */
public record EngineSettings(int steps, int batchSize, int shards, int blockSize, int evalEvery,
    UnrolledSettings unrolled) implements java.io.Serializable {
  /** Settings without the unrolled-solver keys. */
  public EngineSettings(int steps, int batchSize, int shards, int blockSize, int evalEvery) {
    this(steps, batchSize, shards, blockSize, evalEvery, null);
  }

  public EngineSettings {
    if (steps < 0 || batchSize < 0 || shards < 1 || blockSize < 1 || evalEvery < 0) {
      throw new IllegalArgumentException("bad engine settings " + steps + "/" + batchSize + "/" + shards + "/"
          + blockSize + "/" + evalEvery);
    }
  }

  /** The shard plan of {@code examples} examples: the configured shards and block size, fewer when examples are few. */
  public io.bmo.core.train.ShardPlan plan(long examples) {
    return new io.bmo.core.train.ShardPlan(examples, (int) Math.min(shards, examples),
        (int) Math.min(blockSize, examples));
  }

  /**
   * Evaluation sums of the whole test set (or training set) in this JVM, shard by shard on one task, folded in
   * shard order: result[setting][stat], as the engine's executors give them.
   */
  public static double[][] evaluateHere(io.bmo.core.train.ShardedProblem problem, double[] omega,
      io.bmo.core.train.ShardPlan plan, boolean test, int[] settings) {
    io.bmo.core.train.ShardTask task = problem.newTask();
    double[][][] parts = new double[plan.shards()][][];
    for (int s = 0; s < plan.shards(); s++) {
      parts[s] = task.evaluate(omega, test, plan, s, settings);
    }
    return io.bmo.core.train.Trainer.fold(parts);
  }
}
