package io.bmo.jobs.spark;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.jobs.FaultInjection;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.StepGroup;
import io.bmo.core.train.StepUpdate;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Several Algorithm 1 steps in one Spark job, for the stateless shard executor. The job is a barrier stage with one
 * task per partition. In every step each task computes the shards it owns this step ({@code ShardPlan.owners}: the
 * step's examples spread evenly, computed alike by every task), merges them into one {@link ReproducibleStepSum} and
 * exchanges it with every other task ({@link BarrierTaskContext#allGather}); each task then merges all of them — the
 * binned sum's bits do not depend on the order — and applies the same {@link StepUpdate} to its own copy of ω and the
 * optimizer state. The copies therefore stay equal bit for bit, and equal the driver's one-job-per-step path and the
 * single-JVM trainer. Partition 0 returns the metrics, ω and the state.
 *
 * <p>On the steps that evaluate, each task also evaluates the evaluation shards it owns and sends their sums by shard;
 * every task folds them in shard order, as the driver does.
 *
 * <p>This removes the per-step costs of a job: scheduling, the ω broadcast, the task results' trip through the
 * driver. Checkpoints and progress lines stay on the driver, between groups; a group also ends once a task has been
 * in it for {@link #budgetSeconds()}, so progress lines keep coming on long steps.
 *
 * <p>Not used ({@link #unavailable}) with speculation (barrier stages are never speculated, and a user who turns it
 * on wants stragglers replaced), with dynamic allocation, with more partitions than task slots, or when the exchanged
 * sums would not fit one RPC message. When a group's job fails (e.g. an executor was lost), its first step runs as a
 * job of its own, from the same ω and state (the same bits), and the next group starts after it.
 */
final class StepGroups {
  private StepGroups() {}

  /** ω and the optimizer state at the start of a group; broadcast. */
  record Start(double[] omega, OptState state) implements Serializable {}

  /**
   * Seconds a group may run before it ends after the current step. {@code -Dbmo.spark.group-seconds=S} changes it
   * (tests use small values); results never depend on it.
   */
  static double budgetSeconds() {
    return Double.parseDouble(System.getProperty("bmo.spark.group-seconds", "10"));
  }

  /**
   * Why groups cannot run on this context with this many partitions and a sum of {@code sumBytes}, or null.
   *
   * @param slots the task slots the cluster has now
   */
  static String unavailable(JavaSparkContext jsc, int partitions, int slots, long sumBytes) {
    SparkConf conf = jsc.getConf();
    if (conf.getBoolean("spark.speculation", false)) {
      return "spark.speculation is on";
    }
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return "spark.dynamicAllocation.enabled is on";
    }
    if (partitions > slots) {
      return partitions + " partitions but " + slots + " task slots";
    }
    if (!jsc.master().startsWith("local")) {
      // Each task's message is the sum's bytes as Latin-1 characters (up to 2 bytes each on the wire); the driver's
      // reply to every task carries all of them.
      long maxMessage = conf.getSizeAsMb("spark.rpc.message.maxSize", "128") << 20;
      if (2L * partitions * sumBytes > maxMessage / 2) {
        return "the exchanged sums (" + partitions + " x " + sumBytes
            + " bytes) exceed half of spark.rpc.message.maxSize";
      }
    }
    return null;
  }

  /**
   * Runs up to {@code count} steps from {@code state.step()} in one barrier job.
   *
   * @param parts one element per partition (its index); the job's tasks
   * @return the group, as {@link io.bmo.core.train.ShardExecutor#trainSteps} specifies
   */
  static StepGroup run(JavaSparkContext jsc, Broadcast<SparkShardExecutor.Context> context, JavaRDD<Integer> parts,
      StepUpdate update, double[] omega, OptState state, int count) {
    Broadcast<Start> start = jsc.broadcast(new Start(omega.clone(), state.copy()));
    double budget = budgetSeconds();
    try {
      scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<StepGroup>> body =
          (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<StepGroup>> & Serializable)
              it -> {
                StepGroup g;
                try {
                  g = steps(context.value(), start.value(), update, count, budget);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (ClassNotFoundException e) {
                  throw new IllegalStateException(e);
                }
                List<StepGroup> out = g == null ? List.of() : List.of(g);
                return CollectionConverters.asScala(out.iterator());
              };
      ClassTag<StepGroup> tag = ClassTag$.MODULE$.apply(StepGroup.class);
      RDD<StepGroup> groups = parts.rdd().barrier().mapPartitions(body, false, tag);
      List<StepGroup> got = groups.toJavaRDD().collect();
      if (got.size() != 1) {
        throw new IllegalStateException("a step group returned " + got.size() + " results, expected 1");
      }
      return got.get(0);
    } finally {
      start.destroy();
    }
  }

  /** One task's part of a group; partition 0 returns the group, the others null. */
  private static StepGroup steps(SparkShardExecutor.Context c, Start start, StepUpdate update, int count,
      double budget) throws IOException, ClassNotFoundException {
    BarrierTaskContext task = BarrierTaskContext.get();
    int me = task.partitionId();
    int parts = task.getTaskInfos().length;
    ShardTask worker = SparkShardExecutor.worker(c);
    int shards = c.trainPlan().shards();
    double[] omega = start.omega().clone();
    OptState state = start.state().copy();
    List<Trainer.StepMetrics> rows = new ArrayList<>();
    TrainingDivergedException diverged = null;
    long begin = System.nanoTime();
    for (int j = 0; j < count; j++) {
      long t = state.step();
      long t0 = System.nanoTime();
      long[] batch = update.batch(t);
      int[] owner = c.trainPlan().owners(batch, parts);
      Message out = new Message();
      for (int s = 0; s < shards; s++) {
        if (owner[s] == me) {
          FaultInjection.maybeFailTask(t, s);
          out.sum = ReproducibleStepSum.addTo(out.sum, worker.train(omega, c.trainPlan(), s, batch, true));
        }
      }
      boolean evaluate = update.evaluates(t);
      if (evaluate && c.problem().needsTrainEvaluation()) {
        out.trainEval = evaluateOwned(worker, c, omega, false, parts, me);
      }
      if (evaluate && c.problem().testSize() > 0) {
        out.testEval = evaluateOwned(worker, c, omega, true, parts, me);
      }
      out.elapsed = System.nanoTime() - begin;
      String[] all = gather(task, encode(out));
      // The messages come in partition order; a task's own is used as it is, the others decoded.
      ReproducibleStepSum total = null;
      double[][][] trainEval = out.trainEval == null ? null : new double[shards][][];
      double[][][] testEval = out.testEval == null ? null : new double[c.testPlan().shards()][][];
      long slowest = 0;
      for (int p = 0; p < all.length; p++) {
        Message m = p == me ? out : decode(all[p]);
        slowest = Math.max(slowest, m.elapsed);
        if (m.sum != null) {
          total = ReproducibleStepSum.merged(total, m.sum);
        }
        place(m.trainEval, trainEval);
        place(m.testEval, testEval);
      }
      LossGradientSum sum = ReproducibleStepSum.resultOf(total, shards);
      try {
        // The evaluation sums are folded in shard order, as the driver folds them.
        rows.add(update.apply(c.problem(), t, sum, trainEval == null ? null : Trainer.fold(trainEval),
            testEval == null ? null : Trainer.fold(testEval), omega, state, t0));
      } catch (TrainingDivergedException e) {
        diverged = e;
        break;
      }
      // Every task sees the same messages, so every task ends the group after the same step.
      if (slowest / 1e9 >= budget) {
        break;
      }
    }
    return me == 0 ? new StepGroup(rows, omega, state, diverged) : null;
  }

  /**
   * {@link BarrierTaskContext#allGather}, returning within about {@link #POKE_NANOS} of the last task's arrival.
   * Spark's wait for the coordinator's reply polls once a second in an interruptible sleep and goes on waiting after
   * an interrupt unless the task was killed; a helper thread interrupts that sleep every {@link #POKE_NANOS} while
   * the call is under way, and the interrupt flag is cleared after it. Were the wait ever to fail on an interrupt,
   * the group's job would fail and its steps run one job per step: the same bits.
   */
  private static String[] gather(BarrierTaskContext task, String message) {
    Thread caller = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread poker = new Thread(() -> {
      while (waiting.get()) {
        java.util.concurrent.locks.LockSupport.parkNanos(POKE_NANOS);
        if (waiting.get()) {
          caller.interrupt();
        }
      }
    }, "bmo-step-group-poke");
    poker.setDaemon(true);
    poker.start();
    try {
      return task.allGather(message);
    } finally {
      waiting.set(false);
      try {
        poker.join();
      } catch (InterruptedException e) {
        // the interrupt flag is cleared below
      }
      Thread.interrupted();
    }
  }

  /** How often a waiting task's sleep is interrupted ({@link #gather}). */
  static final long POKE_NANOS = 200_000;

  /** What a task sends in a step: its elapsed time in the group, its shards' sum, its evaluation sums by shard. */
  private static final class Message {
    long elapsed;
    ReproducibleStepSum sum;
    Map<Integer, double[][]> trainEval;
    Map<Integer, double[][]> testEval;
  }

  /** The evaluation sums of the evaluation shards this task owns (spread by example count), by shard. */
  private static Map<Integer, double[][]> evaluateOwned(ShardTask worker, SparkShardExecutor.Context c,
      double[] omega, boolean onTest, int parts, int me) {
    ShardPlan plan = onTest ? c.testPlan() : c.trainPlan();
    int[] owner = plan.owners(null, parts);
    Map<Integer, double[][]> out = new TreeMap<>();
    for (int s = 0; s < plan.shards(); s++) {
      if (owner[s] == me) {
        out.put(s, worker.evaluate(omega, onTest, plan, s, c.problem().evalDepths()));
      }
    }
    return out;
  }

  private static void place(Map<Integer, double[][]> parts, double[][][] into) {
    if (parts != null) {
      parts.forEach((s, v) -> into[s] = v);
    }
  }

  /**
   * A message as a Latin-1 string, one character per byte: the elapsed time, the sum in its binary form
   * ({@link ReproducibleStepSum#writeTo}: bulk copies, not Java serialization's per-element work on 3.6 MB), then
   * the evaluation sums (small) Java-serialized.
   */
  private static String encode(Message m) {
    try {
      byte[] eval = new byte[0];
      if (m.trainEval != null || m.testEval != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(m.trainEval);
          out.writeObject(m.testEval);
        }
        eval = bytes.toByteArray();
      }
      long sumBytes = m.sum == null ? 0 : m.sum.encodedBytes();
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 + 1 + sumBytes + 4 + eval.length))
          .order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(m.elapsed).put((byte) (m.sum == null ? 0 : 1));
      if (m.sum != null) {
        m.sum.writeTo(b);
      }
      b.putInt(eval.length).put(eval);
      return new String(b.array(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Message decode(String s) throws IOException, ClassNotFoundException {
    ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).order(ByteOrder.LITTLE_ENDIAN);
    Message m = new Message();
    m.elapsed = b.getLong();
    m.sum = b.get() == 0 ? null : ReproducibleStepSum.readFrom(b);
    int evalBytes = b.getInt();
    if (evalBytes > 0) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.array(), b.position(),
          evalBytes))) {
        m.trainEval = (Map<Integer, double[][]>) in.readObject();
        m.testEval = (Map<Integer, double[][]>) in.readObject();
      }
    }
    return m;
  }
}
