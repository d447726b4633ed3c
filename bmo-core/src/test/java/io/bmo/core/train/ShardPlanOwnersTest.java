package io.bmo.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ShardPlan#owners}: every shard owned once, the same answer every time, loads within one shard of even. */
class ShardPlanOwnersTest {
  static long[] loads(ShardPlan plan, long[] batch, int[] owner, int parts) {
    long[] load = new long[parts];
    for (int s = 0; s < plan.shards(); s++) {
      int[] r = batch == null ? null : plan.slice(batch, s);
      load[owner[s]] += batch == null ? plan.end(s) - plan.start(s) : r[1] - r[0];
    }
    return load;
  }

  /** Owners among {@code parts} workers of capacity 1. */
  static int[] owners(ShardPlan plan, long[] batch, int parts) {
    long[] count = plan.counts(batch);
    int[] ones = new int[parts];
    java.util.Arrays.fill(ones, 1);
    return ShardPlan.owners(count, ShardPlan.bySize(count), ones);
  }

  @Test
  void minibatchesAreSpreadWithinTheLargestShardOfEven() {
    ShardPlan plan = new ShardPlan(200_000, 16, 256);
    for (int parts = 1; parts <= 5; parts++) {
      for (long step = 0; step < 40; step++) {
        long[] batch = plan.minibatch(7, step, 1024);
        int[] owner = owners(plan, batch, parts);
        assertArrayEquals(owner, owners(plan, batch, parts), "deterministic");
        long largest = 0;
        for (int s = 0; s < plan.shards(); s++) {
          assertTrue(owner[s] >= 0 && owner[s] < parts);
          int[] r = plan.slice(batch, s);
          largest = Math.max(largest, r[1] - r[0]);
        }
        long[] load = loads(plan, batch, owner, parts);
        long max = 0;
        long sum = 0;
        for (long l : load) {
          max = Math.max(max, l);
          sum += l;
        }
        assertEquals(1024, sum);
        // Greedy to the least loaded: the most loaded worker was the least loaded before its last shard.
        assertTrue(max <= (sum + parts - 1) / parts + largest, "parts " + parts + " step " + step);
      }
    }
    // Two workers, eight 64-example shards of a full batch: four each.
    ShardPlan even = new ShardPlan(512, 8, 64);
    assertArrayEquals(new long[] {256, 256}, loads(even, null, owners(even, null, 2), 2));
    // More workers than shards: each shard alone, in order of size then id.
    assertArrayEquals(new int[] {0, 1, 2}, owners(new ShardPlan(30, 3, 8), null, 5));
  }
}
