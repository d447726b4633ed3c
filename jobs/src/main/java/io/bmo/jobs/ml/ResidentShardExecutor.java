package io.bmo.jobs.ml;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardWorker;
import io.bmo.jobs.spark.TaskCache;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * A {@link ShardExecutor} over shards whose data already lives in a cached RDD (a user's DataFrame), one element
 * per shard. Each task folds its shard's blocks in order with a {@link ShardWorker}; the driver orders the results by
 * shard id. Shard s holds exactly the rows {@link ShardPlan#start}(s)..{@link ShardPlan#end}(s) and blocks start at
 * the shard's first row, so the sums — and ω — equal those of {@code train} on the same rows in the same order.
 */
final class ResidentShardExecutor implements ShardExecutor {
  private final JavaSparkContext jsc;
  private final JavaRDD<ResidentShards> shards;
  private final Broadcast<SparseCodingProblem> problem;
  private final ShardPlan plan;
  /** Names this fit's workers in the executors' {@link TaskCache}. */
  private final String runId = "fit-" + java.util.UUID.randomUUID();

  ResidentShardExecutor(JavaSparkContext jsc, JavaRDD<ResidentShards> shards, SparseCodingProblem problem,
      ShardPlan plan) {
    this.jsc = jsc;
    this.shards = shards;
    this.problem = jsc.broadcast(problem);
    this.plan = plan;
  }

  @Override
  public void beginStep(long step, long total) {
    jsc.setJobGroup("bmo-fit", "bmo SparseCodingEstimator.fit step " + (step + 1) + "/" + total, false);
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    Broadcast<long[]> b = batch == null ? null : jsc.broadcast(batch);
    Broadcast<SparseCodingProblem> p = problem;
    String id = runId;
    int bs = plan.blockSize();
    try {
      List<Tuple2<Integer, LossGradientSum>> parts = shards.map(rs -> {
        ShardWorker worker = worker(id, p);
        long count = rs.source().size();
        ShardPlan local = new ShardPlan(Math.max(1, count), 1, bs);
        long[] localBatch = ResidentBatches.local(b == null ? null : b.value(), rs.start(), count);
        return new Tuple2<>(rs.shard(), worker.train(w.value(), rs.source(), local, 0, localBatch, withGradient));
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
    Broadcast<SparseCodingProblem> p = problem;
    String id = runId;
    int bs = plan.blockSize();
    int[] ds = depths.clone();
    try {
      List<Tuple2<Integer, double[][]>> parts = shards.map(rs -> new Tuple2<>(rs.shard(),
          worker(id, p).evaluate(w.value(), rs.source(),
              new ShardPlan(Math.max(1, rs.source().size()), 1, bs), 0, ds))).collect();
      return ResidentBatches.inShardOrder(parts, new double[plan.shards()][][]);
    } finally {
      w.destroy();
    }
  }

  /** The task thread's worker of this fit, kept across steps (AᵀA and buffers are built once per thread). */
  private static ShardWorker worker(String id, Broadcast<SparseCodingProblem> p) {
    return TaskCache.get(id, () -> new ShardWorker(p.value().objective(), p.value().m(), p.value().n()), () -> { });
  }

  @Override
  public String describe() {
    return "spark " + jsc.master() + " (resident DataFrame shards)";
  }

  @Override
  public void close() {
    TaskCache.remove(runId);
    problem.destroy();
  }

}
