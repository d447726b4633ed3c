package io.bmo.jobs.ml;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import io.bmo.jobs.spark.TaskCache;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * A {@link ShardExecutor} over shards built on the executors from a user's DataFrame: a cached RDD with one
 * {@link Shard} per shard, each a {@link ShardedProblem} over that shard's rows alone. A task runs the shard's blocks
 * in order, starting at the shard's first row, so the per-shard sums — and ω — equal those of {@code train} on the
 * same rows in the same order; the driver orders the results by shard id.
 */
final class ResidentTaskExecutor implements ShardExecutor {
  private final JavaSparkContext jsc;
  private final JavaRDD<Shard> shards;
  private final ShardPlan plan;
  private final String job;
  /** Names this fit's tasks in the executors' {@link TaskCache}. */
  private final String runId = "fit-" + java.util.UUID.randomUUID();

  /**
   * One shard's rows as a problem: global rows [start, start + problem.trainSize()).
   *
   * @param shard shard id
   * @param start global index of the shard's first row
   * @param problem the problem over the shard's rows (row 0 = global row {@code start})
   */
  record Shard(int shard, long start, ShardedProblem problem) implements Serializable {}

  /**
   * @param shards one element per shard of {@code plan}, cached by the caller
   * @param job what the Spark UI shows for each step's job
   */
  ResidentTaskExecutor(JavaSparkContext jsc, JavaRDD<Shard> shards, ShardPlan plan, String job) {
    this.jsc = jsc;
    this.shards = shards;
    this.plan = plan;
    this.job = job;
  }

  @Override
  public void beginStep(long step, long total) {
    jsc.setJobGroup("bmo-fit", job + " step " + (step + 1) + "/" + total, false);
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    Broadcast<long[]> b = batch == null ? null : jsc.broadcast(batch);
    String id = runId;
    int bs = plan.blockSize();
    try {
      List<Tuple2<Integer, LossGradientSum>> parts = shards.map(s -> {
        long count = s.problem().trainSize();
        long[] local = ResidentBatches.local(b == null ? null : b.value(), s.start(), count);
        return new Tuple2<>(s.shard(), task(id, s).train(w.value(), localPlan(count, bs), 0, local, withGradient));
      }).collect();
      return ResidentBatches.inShardOrder(parts, new LossGradientSum[plan.shards()]);
    } finally {
      w.destroy();
      if (b != null) {
        b.destroy();
      }
    }
  }

  @Override
  public double[][][] evaluate(double[] omega, boolean test, int[] depths) {
    if (test) {
      throw new IllegalStateException("the estimator has no test set");
    }
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    String id = runId;
    int bs = plan.blockSize();
    int[] ds = depths.clone();
    try {
      List<Tuple2<Integer, double[][]>> parts = shards.map(s -> new Tuple2<>(s.shard(), task(id, s)
          .evaluate(w.value(), false, localPlan(s.problem().trainSize(), bs), 0, ds))).collect();
      return ResidentBatches.inShardOrder(parts, new double[plan.shards()][][]);
    } finally {
      w.destroy();
    }
  }

  /** The shard's rows as one shard of blocks of {@code blockSize}. */
  private static ShardPlan localPlan(long count, int blockSize) {
    return new ShardPlan(Math.max(1, count), 1, blockSize);
  }

  /** The task thread's task for shard {@code s} of this fit, kept across steps (its workspaces are built once). */
  private static ShardTask task(String id, Shard s) {
    Map<Integer, ShardTask> byShard = TaskCache.get(id, HashMap::new, () -> { });
    return byShard.computeIfAbsent(s.shard(), k -> s.problem().newTask());
  }

  @Override
  public String describe() {
    return "spark " + jsc.master() + " (resident DataFrame shards)";
  }

  @Override
  public void close() {
    TaskCache.remove(runId);
  }
}
