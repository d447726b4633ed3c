package io.bmo.bench;

import java.util.Arrays;

/** Warm-up then the median wall time of repeated runs (the harness's one timing rule). */
final class Timer {
  private Timer() {}

  /** A piece of work to time. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} {@code warmup} times untimed, then {@code repeats} times timed.
   *
   * @return median seconds of the timed runs
   */
  static double median(int warmup, int repeats, Work work) throws Exception {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      work.run();
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(t);
    return repeats % 2 == 1 ? t[repeats / 2] : 0.5 * (t[repeats / 2 - 1] + t[repeats / 2]);
  }
}
