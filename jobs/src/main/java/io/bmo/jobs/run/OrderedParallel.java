package io.bmo.jobs.run;

import io.bmo.core.train.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Independent tasks {@code 0 … n − 1} on a few threads, their results handed on in index order. Each task computes
 * alone, so the results are those of a loop on one thread, whatever the thread count; only the wall time changes.
 */
public final class OrderedParallel {
  private OrderedParallel() {}

  /**
   * Runs {@code task(i)} for every i on {@code threads} threads (in this thread for 1) and passes each result to
   * {@code inOrder} in index order, as soon as it and all before it are done (e.g. to print progress).
   *
   * @param <T> the result type
   * @param n the number of tasks
   * @param threads at least 1
   * @param task task i's work, computed alone (sharing nothing it modifies with the other tasks)
   * @param inOrder called with each result, in index order, on the calling thread
   * @return the results, by index
   * @throws RuntimeException the failure of the task with the lowest failing index, unwrapped; the other tasks are
   *     cancelled
   */
  public static <T> List<T> map(int n, int threads, IntFunction<T> task, Consumer<T> inOrder) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    List<T> out = new ArrayList<>(n);
    if (threads == 1 || n <= 1) {
      for (int i = 0; i < n; i++) {
        T r = task.apply(i);
        inOrder.accept(r);
        out.add(r);
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
      Thread t = new Thread(r, "bmo-evaluate");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      for (Future<T> f : futures) {
        T r = Futures.join(f);
        inOrder.accept(r);
        out.add(r);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
