package io.bmo.core.family;

/**
 * The engine's {@code train.*} settings a family may use to build its shard plans and cost estimate.
 *
 * @param steps outer steps
 * @param batchSize examples per step (0 = full batch)
 * @param shards number of shards requested (a family may use fewer when it has fewer examples)
 * @param blockSize examples per block
 * @param evalEvery steps between evaluations (0 = never)
 */
public record EngineSettings(int steps, int batchSize, int shards, int blockSize, int evalEvery) {
  public EngineSettings {
    if (steps < 0 || batchSize < 0 || shards < 1 || blockSize < 1 || evalEvery < 0) {
      throw new IllegalArgumentException("bad engine settings " + steps + "/" + batchSize + "/" + shards + "/"
          + blockSize + "/" + evalEvery);
    }
  }
}
