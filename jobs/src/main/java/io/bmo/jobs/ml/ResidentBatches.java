package io.bmo.jobs.ml;

import java.util.Arrays;
import java.util.List;
import scala.Tuple2;

/** What the resident-shard executors share: a shard's slice of a step's minibatch and the results in shard order. */
final class ResidentBatches {
  private ResidentBatches() {}

  /**
   * The examples of the sorted minibatch {@code all} that lie in rows [start, start + count), as local row indices.
   *
   * @param all the step's minibatch (sorted global indices), or null for the full batch
   * @return the local indices, or null for the full batch
   */
  static long[] local(long[] all, long start, long count) {
    if (all == null) {
      return null;
    }
    int from = lowerBound(all, start);
    int to = lowerBound(all, start + count);
    long[] local = new long[to - from];
    for (int i = from; i < to; i++) {
      local[i - from] = all[i] - start;
    }
    return local;
  }

  /** Puts each (shard, result) pair at its shard's position of {@code out}; returns {@code out}. */
  static <T> T[] inShardOrder(List<Tuple2<Integer, T>> parts, T[] out) {
    for (Tuple2<Integer, T> t : parts) {
      out[t._1()] = t._2();
    }
    return out;
  }

  private static int lowerBound(long[] a, long key) {
    int i = Arrays.binarySearch(a, key);
    return i >= 0 ? i : -i - 1;
  }
}
