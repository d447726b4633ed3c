package io.bmo.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reduction tree: one level while the driver can hold every task's sum, deeper (on executors) beyond. */
class TreePlanTest {
  @Test
  void depthFollowsPartitionsAndSumSize() {
    long mib = 1L << 20;
    assertEquals(new SparkShardExecutor.TreePlan(1, false), SparkShardExecutor.plan(2, 1000 * mib));
    assertEquals(new SparkShardExecutor.TreePlan(1, false), SparkShardExecutor.plan(8, 4 * mib)); // 32 MiB
    assertEquals(new SparkShardExecutor.TreePlan(2, true), SparkShardExecutor.plan(9, 4 * mib)); // 3 per merge
    // |ω| = 10⁶ (29 MB per sum) over 1,600 partitions: the driver receives one sum from the last executor merge.
    SparkShardExecutor.TreePlan big = SparkShardExecutor.plan(1600, 29_000_000L);
    assertEquals(true, big.finalOnExecutor());
    assertEquals(6, big.depth());
  }
}
