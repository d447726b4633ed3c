package io.bmo.jobs.spark;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.StepGroup;
import io.bmo.core.train.StepUpdate;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.jobs.FaultInjection;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
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
                StepGroup g = steps(context.value(), start.value(), update, count, budget);
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

  /**
   * This JVM, to the tasks of a group: tasks that share it share memory ({@link Local}). Tests set
   * {@code -Dbmo.spark.group-as-separate-jvms=true} to make every task of a local run act as if in a JVM of its own.
   */
  private static final String JVM = UUID.randomUUID().toString();

  /** The shared state of a group's tasks in one JVM, by stage attempt. */
  private static final Map<String, Local> LOCALS = new ConcurrentHashMap<>();

  /**
   * What a group's tasks in one JVM share: per step, the next of this JVM's shards to claim (so they take shards
   * from one queue, like the single-JVM trainer's threads), and each task's message of the last two steps (a task
   * can be at most one step ahead of another: it cannot pass the next exchange before the other has reached it).
   */
  private static final class Local {
    final AtomicIntegerArray next;
    final AtomicReferenceArray<Message> messages;
    final AtomicInteger running;

    Local(int steps, int parts, int tasks) {
      next = new AtomicIntegerArray(3 * steps);
      messages = new AtomicReferenceArray<>(2 * parts);
      running = new AtomicInteger(tasks);
    }
  }

  /**
   * One task's part of a group; partition 0 returns the group, the others null. The tasks first exchange which JVM
   * each runs in. In every step the shards go to the JVMs in proportion to their tasks ({@link ShardPlan#owners});
   * a JVM's tasks take its shards from one shared queue and each sums what it took. Each task then sends its sum
   * to the tasks in other JVMs through the exchange, and leaves it in shared memory for those in its own; with one
   * JVM (local mode) the exchange carries only the time. Every task merges all sums into a fresh total.
   */
  private static StepGroup steps(SparkShardExecutor.Context c, Start start, StepUpdate update, int count,
      double budget) {
    BarrierTaskContext task = BarrierTaskContext.get();
    int me = task.partitionId();
    String[] jvms = gather(task, Boolean.getBoolean("bmo.spark.group-as-separate-jvms") ? JVM + "#" + me : JVM);
    int parts = jvms.length;
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(List.of(jvms)));
    int[] jvmOf = new int[parts];
    int[] tasksIn = new int[distinct.size()];
    for (int p = 0; p < parts; p++) {
      jvmOf[p] = distinct.indexOf(jvms[p]);
      tasksIn[jvmOf[p]]++;
    }
    int mine = jvmOf[me];
    boolean oneJvm = distinct.size() == 1;
    String key = task.stageId() + "." + task.stageAttemptNumber() + "." + mine;
    Local local = LOCALS.computeIfAbsent(key, k -> new Local(count, parts, tasksIn[mine]));
    try {
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
        Message out = new Message();
        for (int s : claimed(c.trainPlan(), batch, tasksIn, mine, local, 3 * j)) {
          FaultInjection.maybeFailTask(t, s);
          out.sum = ReproducibleStepSum.addTo(out.sum, worker.train(omega, c.trainPlan(), s, batch, true));
        }
        boolean trainEvaluated = update.evaluates(t) && c.problem().needsTrainEvaluation();
        boolean testEvaluated = update.evaluates(t) && c.problem().testSize() > 0;
        if (trainEvaluated) {
          out.trainEval = evaluateClaimed(worker, c, omega, false, tasksIn, mine, local, 3 * j + 1);
        }
        if (testEvaluated) {
          out.testEval = evaluateClaimed(worker, c, omega, true, tasksIn, mine, local, 3 * j + 2);
        }
        out.elapsed = System.nanoTime() - begin;
        local.messages.set((j % 2) * parts + me, out);
        String[] all = gather(task, oneJvm ? Long.toString(out.elapsed) : encode(out));
        // Messages come in partition order: those of this JVM's tasks from shared memory, the others decoded.
        // A fresh total, since the other tasks of this JVM read this task's sum.
        ReproducibleStepSum total = null;
        double[][][] trainEval = trainEvaluated ? new double[shards][][] : null;
        double[][][] testEval = testEvaluated ? new double[c.testPlan().shards()][][] : null;
        long slowest = 0;
        for (int p = 0; p < parts; p++) {
          Message m = jvmOf[p] == mine ? local.messages.get((j % 2) * parts + p) : decode(all[p]);
          slowest = Math.max(slowest, m.elapsed);
          if (m.sum != null) {
            total = total == null ? m.sum.copy() : total.merge(m.sum);
          }
          place(m.trainEval, trainEval);
          place(m.testEval, testEval);
        }
        LossGradientSum sum = ReproducibleStepSum.resultOf(total, shards);
        try {
          // The evaluation sums are folded in shard order, as the driver folds them.
          rows.add(update.apply(c.problem(), t, sum, trainEvaluated ? Trainer.fold(trainEval) : null,
              testEvaluated ? Trainer.fold(testEval) : null, omega, state, t0));
        } catch (TrainingDivergedException e) {
          diverged = e;
          break;
        }
        // Every task sees the same times, so every task ends the group after the same step.
        if (slowest / 1e9 >= budget) {
          break;
        }
      }
      return me == 0 ? new StepGroup(rows, omega, state, diverged) : null;
    } finally {
      // The last of this JVM's tasks to leave (normally or not) drops the shared state; a task that leaves earlier
      // must not clear its messages, which the others may still be reading.
      if (local.running.decrementAndGet() == 0) {
        LOCALS.remove(key);
      }
    }
  }

  /**
   * The shards this task takes this step: this JVM's share ({@link ShardPlan#owners} by tasks per JVM), largest
   * first, from the queue its tasks share ({@code local.next} at {@code slot}). Lazy: a shard is claimed only when
   * the task is ready for it.
   */
  private static Iterable<Integer> claimed(ShardPlan plan, long[] batch, int[] tasksIn, int mine, Local local,
      int slot) {
    long[] count = plan.counts(batch);
    int[] order = ShardPlan.bySize(count);
    int[] owner = ShardPlan.owners(count, order, tasksIn);
    List<Integer> queue = new ArrayList<>();
    for (int s : order) {
      if (owner[s] == mine) {
        queue.add(s);
      }
    }
    return () -> new Iterator<>() {
      int k = local.next.getAndIncrement(slot);

      @Override
      public boolean hasNext() {
        return k < queue.size();
      }

      @Override
      public Integer next() {
        int s = queue.get(k);
        k = local.next.getAndIncrement(slot);
        return s;
      }
    };
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
    AtomicBoolean waiting = new AtomicBoolean(true);
    Thread poker = new Thread(() -> {
      while (waiting.get()) {
        LockSupport.parkNanos(POKE_NANOS);
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

  /** The evaluation sums of the evaluation shards this task takes ({@link #claimed}), by shard. */
  private static Map<Integer, double[][]> evaluateClaimed(ShardTask worker, SparkShardExecutor.Context c,
      double[] omega, boolean onTest, int[] tasksIn, int mine, Local local, int slot) {
    ShardPlan plan = onTest ? c.testPlan() : c.trainPlan();
    Map<Integer, double[][]> out = new TreeMap<>();
    for (int s : claimed(plan, null, tasksIn, mine, local, slot)) {
      out.put(s, worker.evaluate(omega, onTest, plan, s, c.problem().evalDepths()));
    }
    return out;
  }

  private static void place(Map<Integer, double[][]> parts, double[][][] into) {
    if (parts != null) {
      parts.forEach((s, v) -> into[s] = v);
    }
  }

  /**
   * A message as a Latin-1 string, one character per byte, little-endian: the elapsed time, the sum in its binary
   * form ({@link ReproducibleStepSum#writeTo}: bulk copies), then each evaluation map as shard ids and their arrays.
   * Plain data both ways: no Java serialization.
   */
  private static String encode(Message m) {
    long bytes = 8 + 1 + (m.sum == null ? 0 : m.sum.encodedBytes()) + evalBytes(m.trainEval) + evalBytes(m.testEval);
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(m.elapsed).put((byte) (m.sum == null ? 0 : 1));
    if (m.sum != null) {
      m.sum.writeTo(b);
    }
    putEval(b, m.trainEval);
    putEval(b, m.testEval);
    return new String(b.array(), StandardCharsets.ISO_8859_1);
  }

  private static Message decode(String s) {
    ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).order(ByteOrder.LITTLE_ENDIAN);
    Message m = new Message();
    m.elapsed = b.getLong();
    m.sum = b.get() == 0 ? null : ReproducibleStepSum.readFrom(b);
    m.trainEval = getEval(b);
    m.testEval = getEval(b);
    return m;
  }

  private static long evalBytes(Map<Integer, double[][]> eval) {
    long n = 4;
    if (eval != null) {
      for (double[][] v : eval.values()) {
        n += 8;
        for (double[] row : v) {
          n += 4 + 8L * row.length;
        }
      }
    }
    return n;
  }

  /** Entries (−1 for none), then per entry: shard, rows, and each row as its length and values. */
  private static void putEval(ByteBuffer b, Map<Integer, double[][]> eval) {
    b.putInt(eval == null ? -1 : eval.size());
    if (eval != null) {
      eval.forEach((shard, v) -> {
        b.putInt(shard).putInt(v.length);
        for (double[] row : v) {
          b.putInt(row.length);
          for (double x : row) {
            b.putDouble(x);
          }
        }
      });
    }
  }

  private static Map<Integer, double[][]> getEval(ByteBuffer b) {
    int entries = b.getInt();
    if (entries < 0) {
      return null;
    }
    Map<Integer, double[][]> eval = new TreeMap<>();
    for (int e = 0; e < entries; e++) {
      int shard = b.getInt();
      double[][] v = new double[b.getInt()][];
      for (int r = 0; r < v.length; r++) {
        v[r] = new double[b.getInt()];
        for (int k = 0; k < v[r].length; k++) {
          v[r][k] = b.getDouble();
        }
      }
      eval.put(shard, v);
    }
    return eval;
  }
}
