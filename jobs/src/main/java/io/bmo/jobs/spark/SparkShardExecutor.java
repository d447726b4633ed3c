package io.bmo.jobs.spark;

import io.bmo.jobs.FaultInjection;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.optim.OptState;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.train.StepGroup;
import io.bmo.core.train.StepUpdate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Runs shards as Spark tasks: the problem and the data sources are broadcast once; each step broadcasts ω, every
 * task computes its shards' {@link LossGradientSum}s with one {@link ShardTask} (netlib BLAS, blocks as DGEMM) and
 * merges them into one {@link ReproducibleStepSum}, and a {@code treeAggregate} merges the tasks' sums (depth and
 * where the last merge runs follow from the partition count and the sum's size, {@link TreeTotals}). The binned sum's
 * bits do not depend on the order or grouping of merges, so results do not depend on executors, partitions, task
 * order, retries or speculation — and equal the single-JVM {@code LocalExecutor} bit for bit. Driver traffic per
 * step is one sum (or one per partition for small ω), not one per shard.
 *
 * <p>Several Algorithm 1 steps can run in one job instead ({@link #trainSteps}, {@link StepGroups}): the tasks
 * exchange their sums every step and each applies the same update, with the same bits.
 *
 * <p>Synthetic data is generated inside the tasks from (seed, index); executors keep O(block) memory.
 */
public final class SparkShardExecutor implements ShardExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(SparkShardExecutor.class);

  /** Everything a task needs besides ω; broadcast once per run. */
  record Context(ShardedProblem problem, ShardPlan trainPlan, ShardPlan testPlan, String id)
      implements Serializable {}

  private final JavaSparkContext jsc;
  private final Broadcast<Context> context;
  private final JavaRDD<Integer> trainShards;
  private final JavaRDD<Integer> testShards;
  private final JavaRDD<Integer> partitionIndexes;
  private int stepsPerJob;
  private String lastWhy;
  private long groupedSteps;
  private long groupJobs;
  private final String name;
  private final int partitions;
  private String description = "";

  /**
   * @param partitions Spark partitions of the shard list, 0 = min(shards, default parallelism); results do not
   *     depend on it
   * @param jsc the Spark context
   * @param problem the sharded problem (broadcast once)
   * @param trainPlan the training set's shards
   * @param testPlan the test set's shards, or null
   * @param name the run name, for the Spark UI
   */
  public SparkShardExecutor(JavaSparkContext jsc, ShardedProblem problem, ShardPlan trainPlan, ShardPlan testPlan,
      String name, int partitions) {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
    this.jsc = jsc;
    this.name = name;
    this.partitions = partitions;
    String id = name + "-" + System.nanoTime();
    this.context = jsc.broadcast(new Context(problem, trainPlan, testPlan, id));
    this.trainShards = shardRdd(trainPlan);
    this.testShards = testPlan == null ? null : shardRdd(testPlan);
    int parts = trainShards.getNumPartitions();
    List<Integer> idx = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      idx.add(p);
    }
    this.partitionIndexes = jsc.parallelize(idx, parts);
  }

  /**
   * Steps per Spark job: 1 = one job per step; 0 (the default) = every step up to the next checkpoint in one job
   * where Spark allows ({@link StepGroups}); n = at most n. Results never depend on it.
   *
   * @param n ≥ 0
   */
  public void setStepsPerJob(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("steps per job must be >= 0, got " + n);
    }
    stepsPerJob = n;
  }

  /** The task slots of the cluster now (Spark's own count; the default parallelism if that is not available). */
  private int slots() {
    try {
      return jsc.sc().maxNumConcurrentTasks(jsc.sc().resourceProfileManager().defaultResourceProfile());
    } catch (RuntimeException | LinkageError e) {
      return jsc.defaultParallelism();
    }
  }

  @Override
  public StepGroup trainSteps(StepUpdate update, double[] omega, OptState state, int count) {
    if (stepsPerJob == 1) {
      return null;
    }
    int parts = partitionIndexes.getNumPartitions();
    String why = StepGroups.unavailable(jsc, parts, slots(), 29L * (1 + omega.length));
    if (why != null && !why.equals(lastWhy)) { // e.g. executors not registered yet: said once, until it changes
      LOG.info("from step {}, one Spark job per step: {}", state.step() + 1, why);
    }
    lastWhy = why;
    if (why != null) {
      return null;
    }
    int n = stepsPerJob > 0 ? Math.min(count, stepsPerJob) : count;
    long t = state.step();
    jsc.setJobGroup("bmo-train-" + name, "bmo train " + name + " steps " + (t + 1) + "-" + (t + n) + "/"
        + update.settings().steps(), false);
    try {
      StepGroup g = StepGroups.run(jsc, context, partitionIndexes, update, omega, state, n);
      groupedSteps += g.metrics().size();
      groupJobs++;
      return g;
    } catch (Exception e) { // SparkException is checked but not declared
      // A lost executor fails a barrier job as a whole. The caller runs the group's first step as a job of its own
      // instead, from the same omega and state (the same bits), and asks for a group again after it.
      LOG.warn("a Spark job of steps {}-{} failed ({}); step {} runs as a job of its own", t + 1, t + n,
          e.toString().lines().findFirst().orElse(""), t + 1);
      return null;
    }
  }

  private JavaRDD<Integer> shardRdd(ShardPlan plan) {
    List<Integer> ids = new ArrayList<>();
    for (int s = 0; s < plan.shards(); s++) {
      ids.add(s);
    }
    int slices = partitions > 0 ? Math.min(partitions, plan.shards())
        : Math.max(1, Math.min(plan.shards(), jsc.defaultParallelism()));
    return jsc.parallelize(ids, slices);
  }

  /** Sets the job group and description shown in the Spark UI for the next jobs. */
  @Override
  public void beginStep(long step, long total) {
    description = "bmo train " + name + " step " + (step + 1) + "/" + total;
    jsc.setJobGroup("bmo-train-" + name, description, false);
  }

  /** The calling task thread's {@link ShardTask} of this run, reused across steps ({@link TaskCache}). */
  static ShardTask worker(Context c) {
    return TaskCache.get(c.id(), () -> c.problem().newTask(),
        () -> LOG.info("executor BLAS: {}", Blas.implementation()));
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    Broadcast<long[]> b = batch == null ? null : jsc.broadcast(batch);
    Broadcast<Context> ctx = context;
    try {
      List<Tuple2<Integer, LossGradientSum>> parts = trainShards.mapPartitions(
          (Iterator<Integer> it) -> {
            Context c = ctx.value();
            ShardTask worker = worker(c);
            long[] bb = b == null ? null : b.value();
            List<Tuple2<Integer, LossGradientSum>> out = new ArrayList<>();
            while (it.hasNext()) {
              int s = it.next();
              out.add(new Tuple2<>(s, worker.train(w.value(), c.trainPlan(), s, bb, withGradient)));
            }
            return out.iterator();
          }).collect();
      LossGradientSum[] ordered = new LossGradientSum[context.value().trainPlan().shards()];
      for (Tuple2<Integer, LossGradientSum> t : parts) {
        ordered[t._1()] = t._2();
      }
      return ordered;
    } finally {
      w.destroy();
      if (b != null) {
        b.destroy();
      }
    }
  }

  @Override
  public LossGradientSum trainTotal(double[] omega, long[] batch, boolean withGradient) {
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    Broadcast<long[]> b = batch == null ? null : jsc.broadcast(batch);
    Broadcast<Context> ctx = context;
    int dim = context.value().problem().layout().size();
    try {
      return TreeTotals.total(trainShards, dim, context.value().trainPlan().shards(), (s, first) -> {
        if (first) {
          FaultInjection.straggle();
        }
        Context c = ctx.value();
        return worker(c).train(w.value(), c.trainPlan(), s, b == null ? null : b.value(), withGradient);
      });
    } finally {
      w.destroy();
      if (b != null) {
        b.destroy();
      }
    }
  }

  @Override
  public double[][][] evaluate(double[] omega, boolean onTest, int[] depths) {
    if (onTest && testShards == null) {
      throw new IllegalStateException("no test set configured");
    }
    Broadcast<double[]> w = jsc.broadcast(omega.clone());
    Broadcast<Context> ctx = context;
    int[] ds = depths.clone();
    try {
      List<Tuple2<Integer, double[][]>> parts = (onTest ? testShards : trainShards).mapPartitions(
          (Iterator<Integer> it) -> {
            Context c = ctx.value();
            ShardTask worker = worker(c);
            List<Tuple2<Integer, double[][]>> out = new ArrayList<>();
            while (it.hasNext()) {
              int s = it.next();
              out.add(new Tuple2<>(s, worker.evaluate(w.value(), onTest, onTest ? c.testPlan() : c.trainPlan(), s,
                  ds)));
            }
            return out.iterator();
          }).collect();
      ShardPlan plan = onTest ? context.value().testPlan() : context.value().trainPlan();
      double[][][] ordered = new double[plan.shards()][][];
      for (Tuple2<Integer, double[][]> t : parts) {
        ordered[t._1()] = t._2();
      }
      return ordered;
    } finally {
      w.destroy();
    }
  }

  /**
   * The Spark context this executor runs on.
   *
   * @return the context
   */
  public JavaSparkContext sparkContext() {
    return jsc;
  }

  @Override
  public String describe() {
    return "spark " + jsc.master() + " (default parallelism " + jsc.defaultParallelism() + ", "
        + trainShards.getNumPartitions() + " partitions" + (groupJobs == 0 ? ""
            : "; " + groupedSteps + " steps in " + groupJobs + " step-group jobs") + ")";
  }

  @Override
  public void close() {
    TaskCache.remove(context.value().id());
    context.destroy();
  }
}
