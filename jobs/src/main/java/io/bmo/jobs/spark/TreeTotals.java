package io.bmo.jobs.spark;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/**
 * The one reduction of per-shard sums on Spark, shared by the stateless and the stateful executors: each task merges
 * its shards' {@link LossGradientSum}s into one order-independent {@link ReproducibleStepSum} and a
 * {@code treeAggregate} merges the tasks' sums. Its depth, and whether the last merge runs on an executor, follow
 * from the partition count and the bytes of one sum ({@link #plan}): the driver receives one sum per task up to
 * {@link #driverMergeBytes()}, one in all beyond. The result's bits do not depend on the tree.
 */
final class TreeTotals {
  private TreeTotals() {}

  /** The sum of one element of the RDD (one shard), computed in a task; {@code first} on a task's first shard. */
  @FunctionalInterface
  interface ShardSum<T> extends Serializable {
    LossGradientSum of(T element, boolean first) throws Exception;
  }

  /** Tree depth and where the last merge runs. */
  record TreePlan(int depth, boolean finalOnExecutor) {}

  /**
   * Driver bytes up to which the tasks' sums are merged on the driver (depth 1); beyond, a tree on executors.
   * {@code -Dbmo.reduce.driver-merge-bytes=N} changes it (tests force the tree with 1); results never depend on it.
   */
  static long driverMergeBytes() {
    return Long.getLong("bmo.reduce.driver-merge-bytes", 32L << 20);
  }

  static TreePlan plan(int partitions, long sumBytes) {
    long limit = driverMergeBytes();
    if ((long) partitions * sumBytes <= limit || partitions <= 2) {
      return new TreePlan(1, false);
    }
    int depth = 2;
    while (depth < 6 && Math.pow(partitions, 1.0 / depth) * sumBytes > limit) {
      depth++;
    }
    return new TreePlan(depth, true);
  }

  /**
   * The total over every element of {@code rdd}, one shard each.
   *
   * @param dim dimension of ω (sizes the tree)
   * @throws IllegalStateException unless exactly {@code shards} shard sums arrived
   */
  static <T> LossGradientSum total(JavaRDD<T> rdd, int dim, int shards, ShardSum<T> sumOf) {
    TreePlan tree = plan(rdd.getNumPartitions(), 29L * (1 + dim)); // statistics: a few more coordinates
    // The zero is null (nothing to ship); each task creates its sum on its first shard.
    ReproducibleStepSum t = rdd.treeAggregate((ReproducibleStepSum) null,
        (ReproducibleStepSum acc, T e) -> {
          LossGradientSum part = sumOf.of(e, acc == null);
          return ReproducibleStepSum.addTo(acc, part);
        },
        ReproducibleStepSum::merged,
        tree.depth(), tree.finalOnExecutor());
    return ReproducibleStepSum.resultOf(t, shards);
  }
}
