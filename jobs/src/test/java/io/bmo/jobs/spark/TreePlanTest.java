package io.bmo.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reduction tree: one level while the driver can hold every task's sum, deeper (on executors) beyond. */
class TreePlanTest {
  @Test
  void depthFollowsPartitionsAndSumSize() {
    long mib = 1L << 20;
    assertEquals(new TreeTotals.TreePlan(1, false), TreeTotals.plan(2, 1000 * mib));
    assertEquals(new TreeTotals.TreePlan(1, false), TreeTotals.plan(8, 4 * mib)); // 32 MiB
    assertEquals(new TreeTotals.TreePlan(2, true), TreeTotals.plan(9, 4 * mib)); // 3 per merge
    // |ω| = 10⁶ (29 MB per sum) over 1,600 partitions: the driver receives one sum from the last executor merge.
    TreeTotals.TreePlan big = TreeTotals.plan(1600, 29_000_000L);
    assertEquals(true, big.finalOnExecutor());
    assertEquals(6, big.depth());
  }
}
