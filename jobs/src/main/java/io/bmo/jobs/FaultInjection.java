package io.bmo.jobs;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The one fault-injection seam of the engine, used by the tests and by {@code conf/fault-checks.sh} to prove that
 * runs survive faults with the same bits. Each fault is off unless its switch is set, and each check costs one read.
 * <ul>
 *   <li><b>Driver crash</b>: system property {@code bmo.test.crash-after-step=N} makes a training run die right after
 *       writing the checkpoint of step N, like a killed driver ({@link #crashAfterStep}).</li>
 *   <li><b>Task failure</b>: {@link #failTaskOnceAt(long)} makes the first task of a stateful pass at that step fail
 *       once after it has updated its copy of the states, so Spark retries it (in-process executors only: the switch
 *       is a static of this JVM).</li>
 *   <li><b>Straggler</b>: Spark conf {@code spark.bmo.test.straggle-ms=N} holds the first attempt of partition 0 of
 *       every training step N ms before its first shard, so that with {@code spark.speculation} the scheduler
 *       launches a speculative copy elsewhere and takes whichever attempt finishes first ({@link #straggle}).</li>
 * </ul>
 * Lost cached states are simulated by the stateful executor's {@code dropCachedStates()}.
 */
public final class FaultInjection {
  private static final AtomicLong FAIL_ONCE_AT_STEP = new AtomicLong(-1);

  private FaultInjection() {}

  /**
   * Throws after step {@code done} when {@code bmo.test.crash-after-step} equals it.
   *
   * @param done steps done
   */
  public static void crashAfterStep(long done) {
    if (done == Long.getLong("bmo.test.crash-after-step", -1L)) {
      throw new IllegalStateException("simulated crash after step " + done);
    }
  }

  /**
   * The first task of a stateful pass, or of a step group ({@code spark.StepGroups}), at {@code step} fails once.
   *
   * @param step the step to fail at
   */
  public static void failTaskOnceAt(long step) {
    FAIL_ONCE_AT_STEP.set(step);
  }

  /**
   * In a task of a stateful pass or a step group: fails when a failure is armed for {@code step} (once).
   *
   * @param step the pass's step
   * @param shard the task's shard, for the message
   */
  public static void maybeFailTask(long step, int shard) {
    if (FAIL_ONCE_AT_STEP.get() == step && FAIL_ONCE_AT_STEP.compareAndSet(step, -1)) {
      throw new IllegalStateException("injected task failure at step " + step + ", shard " + shard);
    }
  }

  /** In a training task: waits when this is the first attempt of partition 0 and a straggle time is configured. */
  public static void straggle() {
    TaskContext tc = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    if (tc == null || env == null || tc.partitionId() != 0 || tc.attemptNumber() != 0) {
      return;
    }
    long ms = env.conf().getLong("spark.bmo.test.straggle-ms", 0L);
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) { // the scheduler killed this attempt: another one finished first
        Thread.currentThread().interrupt();
        throw new IllegalStateException("straggling attempt interrupted", e);
      }
    }
  }
}
