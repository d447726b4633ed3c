package io.bmo.jobs.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-executor-JVM cache of task workers: one worker per (run, task thread), reused across the steps of a run so
 * that a step does not rebuild ω-independent state (e.g. AᵀA). The least recently used run's workers are dropped
 * beyond {@link #CACHED_RUNS}, so an executor serving many runs (data-parallel sweeps, repeated fits) keeps
 * O(block) memory. A worker must give the same bits whether it is fresh or reused.
 */
public final class TaskCache {
  /** Runs whose workers an executor keeps. */
  static final int CACHED_RUNS = 4;

  private static final Map<String, ThreadLocal<Object>> WORKERS = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ThreadLocal<Object>> eldest) {
          return size() > CACHED_RUNS;
        }
      });

  private TaskCache() {}

  /**
   * The calling thread's worker of run {@code runId}, created with {@code factory} on first use.
   *
   * @param onNewRun called once when the run is first seen in this JVM (e.g. to log the executor's BLAS)
   * @param <T> the worker type
   * @param runId the run
   * @param factory makes the thread's worker
   * @return the worker
   */
  @SuppressWarnings("unchecked")
  public static <T> T get(String runId, Supplier<T> factory, Runnable onNewRun) {
    return (T) WORKERS.computeIfAbsent(runId, k -> {
      onNewRun.run();
      return ThreadLocal.withInitial(factory::get);
    }).get();
  }

  /**
   * Drops run {@code runId}'s workers in this JVM (the driver's, in local mode; executors rely on the LRU bound).
   *
   * @param runId the run
   */
  public static void remove(String runId) {
    WORKERS.remove(runId);
  }
}
