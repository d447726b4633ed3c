package io.bmo.jobs.spark;

import io.bmo.jobs.FaultInjection;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.algorithms.WorkArgs;
import io.bmo.core.train.ShardPlan;
import io.bmo.jobs.state.StateFiles;
import io.bmo.jobs.state.StatefulExecutor;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple3;

/**
 * Per-shard warm-start state on Spark. The shard states live in a cached RDD of {@link ShardRecord}s (one record per
 * shard, a fixed shard → partition assignment), persisted {@code MEMORY_AND_DISK}. A pass maps the current RDD to a
 * new one: each task copies its input state (a cached object is never modified: a retried or recomputed task must
 * see the same input), runs the {@link ShardWork} on the copy, and emits (shard, new state, sum); the driver collects
 * the sums, orders them by shard and the new RDD becomes current, the previous one is unpersisted. θ and the
 * {@link WorkArgs} travel inside the task closure (not a broadcast that could be destroyed), so any lost partition
 * can be recomputed from lineage with the same bits; the work itself is broadcast once per run and kept.
 *
 * <p>Lineage: every {@code lineageEvery}-th {@link #update} RDD is reliably checkpointed into {@code checkpointDir}
 * (inside the run directory; Spark's own serialized files, transient: the previous one is deleted once a newer one
 * exists, all of them on {@link #close}). The run checkpoint proper is {@link #writeStates}: executors write their
 * shards' arrays as {@code .npy} ({@link StateFiles}). {@link #readStates} loads them on the executors and checkpoints
 * that RDD at once, so recomputation never depends on run-checkpoint files that may be pruned later.
 *
 * <p>MAID's line-search trials are {@link #trial} passes kept as a pending RDD until {@link #acceptTrial}.
 */
public final class SparkStatefulExecutor implements StatefulExecutor {
  /**
   * One shard's state and the sum of the pass that produced it (null for a loaded or empty state).
   *
   * @param shard shard id
   * @param state the shard's examples' state
   * @param sum the sums of the pass that produced it, or null
   * @serial exclude
   */
  public record ShardRecord(int shard, ExampleState state, LossGradientSum sum) implements Serializable {}

  /** What every task needs; broadcast once. */
  record Context(ShardWork work, ShardPlan plan, String id) implements Serializable {}


  private final JavaSparkContext jsc;
  private final ShardPlan plan;
  private final ShardWork work;
  private final Broadcast<Context> context;
  private final String checkpointDir;
  private final int lineageEvery;
  private final LineageFiles lineage;
  private final int slices;
  private JavaRDD<ShardRecord> current;
  private JavaRDD<ShardRecord> pending;
  private long updates;

  /**
   * @param checkpointDir directory for reliable RDD checkpoints (Hadoop URI), or null for none
   * @param lineageEvery checkpoint every this many update passes; 0 = never
   * @param jsc the Spark context
   * @param work the per-shard work of the algorithm
   * @param plan the training set's shards
   * @param name the run name, for the Spark UI
   * @param hadoop the Hadoop configuration of the checkpoint directory
   */
  public SparkStatefulExecutor(JavaSparkContext jsc, ShardWork work, ShardPlan plan, String name,
      String checkpointDir, int lineageEvery, Configuration hadoop) {
    this.jsc = jsc;
    this.plan = plan;
    this.work = work;
    this.checkpointDir = checkpointDir;
    this.lineageEvery = checkpointDir == null ? 0 : lineageEvery;
    this.lineage = new LineageFiles(checkpointDir, hadoop);
    if (checkpointDir != null) {
      jsc.setCheckpointDir(checkpointDir);
    }
    this.context = jsc.broadcast(new Context(work, plan, name + "-state-" + System.nanoTime()));
    this.slices = Math.max(1, Math.min(plan.shards(), jsc.defaultParallelism()));
    ShardPlan p = plan;
    int pw = work.primalWidth();
    int aw = work.adjointWidth();
    this.current = shardIds().map(s -> new ShardRecord(s, ExampleState.forShard(p, s, pw, aw), null));
    current.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private JavaRDD<Integer> shardIds() {
    List<Integer> ids = new ArrayList<>();
    for (int s = 0; s < plan.shards(); s++) {
      ids.add(s);
    }
    return jsc.parallelize(ids, slices);
  }

  /** The calling task thread's worker of this run, reused across passes ({@link TaskCache}). */
  static ShardWork.Worker worker(Context c) {
    return TaskCache.get(c.id(), () -> c.work().newWorker(), () -> { });
  }

  @Override
  public ShardPlan plan() {
    return plan;
  }

  private JavaRDD<ShardRecord> pass(double[] theta, WorkArgs args, boolean checkpoint) {
    Broadcast<Context> ctx = context;
    double[] th = theta.clone();
    JavaRDD<ShardRecord> next = current.map(r -> {
      Context c = ctx.value();
      ExampleState st = r.state().copy();
      LossGradientSum sum = worker(c).compute(c.plan(), r.shard(), th, args, st);
      FaultInjection.maybeFailTask(args.step(), r.shard());
      return new ShardRecord(r.shard(), st, sum);
    });
    next.persist(StorageLevel.MEMORY_AND_DISK());
    if (checkpoint) {
      next.checkpoint();
    }
    return next;
  }

  private LossGradientSum[] sums(JavaRDD<ShardRecord> rdd) {
    List<Tuple3<Integer, LossGradientSum, Long>> parts = rdd.map(r -> new Tuple3<>(r.shard(), r.sum(),
        r.state().bytes())).collect();
    LossGradientSum[] out = new LossGradientSum[plan.shards()];
    for (Tuple3<Integer, LossGradientSum, Long> t : parts) {
      out[t._1()] = t._2();
    }
    return out;
  }

  @Override
  public LossGradientSum[] update(double[] theta, WorkArgs args) {
    return advance(theta, args, this::sums);
  }

  /** One pass whose states become current; {@code reduce} runs the job that materializes them. */
  private <T> T advance(double[] theta, WorkArgs args, java.util.function.Function<JavaRDD<ShardRecord>, T> reduce) {
    updates++;
    boolean ck = lineageEvery > 0 && updates % lineageEvery == 0;
    JavaRDD<ShardRecord> next = pass(theta, args, ck);
    T out = reduce.apply(next);
    dropPending();
    install(next);
    return out;
  }

  /** One pass whose states become the pending trial; {@code reduce} runs the job that materializes them. */
  private <T> T tryOut(double[] theta, WorkArgs args, java.util.function.Function<JavaRDD<ShardRecord>, T> reduce) {
    JavaRDD<ShardRecord> next = pass(theta, args, false);
    T out = reduce.apply(next);
    dropPending();
    pending = next;
    return out;
  }

  /**
   * {@link #update} with the shard sums reduced on the executors: each task merges its shards into an
   * order-independent {@link io.bmo.core.aggregate.ReproducibleStepSum} and a {@code treeAggregate} merges the
   * tasks (as {@link SparkShardExecutor#trainTotal} does), so the driver receives one sum per task or, beyond the
   * driver-merge budget, one in all. Same bits as reducing {@link #update}'s per-shard sums.
   */
  @Override
  public LossGradientSum updateTotal(double[] theta, WorkArgs args) {
    return advance(theta, args, rdd -> total(rdd, theta.length));
  }

  /** {@link #trial} reduced on the executors, as {@link #updateTotal}. */
  @Override
  public LossGradientSum trialTotal(double[] theta, WorkArgs args) {
    return tryOut(theta, args, rdd -> total(rdd, theta.length));
  }

  private LossGradientSum total(JavaRDD<ShardRecord> rdd, int dim) {
    return TreeTotals.total(rdd, dim, plan.shards(), (r, first) -> r.sum());
  }

  @Override
  public LossGradientSum[] trial(double[] theta, WorkArgs args) {
    return tryOut(theta, args, this::sums);
  }

  @Override
  public void acceptTrial() {
    if (pending == null) {
      throw new IllegalStateException("no pending trial");
    }
    JavaRDD<ShardRecord> p = pending;
    pending = null;
    install(p);
  }

  private void dropPending() {
    if (pending != null) {
      pending.unpersist(false);
      pending = null;
    }
  }

  /** Makes a materialized RDD current; unpersists the old one and deletes superseded checkpoint files. */
  private void install(JavaRDD<ShardRecord> next) {
    JavaRDD<ShardRecord> old = current;
    current = next;
    if (old != null) {
      old.unpersist(false);
    }
    lineage.installed(next);
  }

  @Override
  public long stateBytes() {
    return work.stateBytes(plan);
  }

  /**
   * Bytes Spark reports for the cached current RDD (memory + disk), or −1 when it is not cached yet.
   *
   * @return the bytes
   */
  public long cachedBytes() {
    for (org.apache.spark.storage.RDDInfo i : jsc.sc().getRDDStorageInfo()) {
      if (i.id() == current.id()) {
        return i.memSize() + i.diskSize();
      }
    }
    return -1;
  }

  @Override
  public ExampleState[] snapshot() {
    ExampleState[] out = new ExampleState[plan.shards()];
    for (ShardRecord r : current.collect()) {
      out[r.shard()] = r.state().copy();
    }
    return out;
  }

  @Override
  public void restore(ExampleState[] states) {
    if (states.length != plan.shards()) {
      throw new IllegalArgumentException("got " + states.length + " shard states, plan has " + plan.shards());
    }
    List<ShardRecord> recs = new ArrayList<>();
    for (int s = 0; s < states.length; s++) {
      recs.add(new ShardRecord(s, states[s].copy(), null));
    }
    JavaRDD<ShardRecord> next = jsc.parallelize(recs, slices);
    next.persist(StorageLevel.MEMORY_AND_DISK());
    next.count();
    dropPending();
    install(next);
  }

  @Override
  public void writeStates(String checkpointDir) throws IOException {
    String dir = checkpointDir + "/" + STATES;
    current.foreach(r -> StateFiles.write(dir, r.shard(), r.state(), new Configuration()));
  }

  @Override
  public void readStates(String checkpointDir) throws IOException {
    String dir = checkpointDir + "/" + STATES;
    ShardPlan p = plan;
    int pw = work.primalWidth();
    int aw = work.adjointWidth();
    JavaRDD<ShardRecord> next = shardIds().map(s -> new ShardRecord(s,
        StateFiles.read(dir, p, s, pw, aw, new Configuration()), null));
    next.persist(StorageLevel.MEMORY_AND_DISK());
    if (checkpointDir != null && this.checkpointDir != null) {
      next.checkpoint();
    }
    try {
      next.count();
    } catch (RuntimeException e) {
      throw new IOException("cannot read shard states from " + dir + ": " + e.getMessage(), e);
    }
    dropPending();
    install(next);
  }

  @Override
  public String describe() {
    return "spark " + jsc.master() + " (stateful, " + slices + " partitions, MEMORY_AND_DISK"
        + (lineageEvery > 0 ? ", lineage checkpoint every " + lineageEvery + " passes" : "") + ")";
  }

  /** Drops the cached RDDs, the work broadcast and the RDD checkpoint directory. */
  @Override
  public void close() {
    dropPending();
    if (current != null) {
      current.unpersist(false);
      current = null;
    }
    TaskCache.remove(context.value().id());
    context.destroy();
    lineage.deleteAll();
  }

  /** Fault injection ({@link FaultInjection}): drops the cached current states, as if their executors were lost. */
  public void dropCachedStates() {
    current.unpersist(true);
  }
}
