package io.bmo.core.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How N examples are cut into a fixed number of shards (independent of the cluster) and blocks.
 *
 * <p>Shard s holds examples [⌊s·N/S⌋, ⌊(s+1)·N/S⌋); inside a shard, consecutive blocks of {@code blockSize}. A
 * shard's sum is the fold of its blocks in order, and the total is the order-independent binned reduction of the
 * shard sums ({@link io.bmo.core.aggregate.ReproducibleStepSum}), so the result is bit-identical whatever runs the
 * shards (threads, Spark executors, one JVM) and however the merges are grouped.
 *
 * @param examples N
 * @param shards S ≥ 1
 * @param blockSize examples per block (the DGEMM width)
 */
public record ShardPlan(long examples, int shards, int blockSize) implements Serializable {
  public ShardPlan {
    if (examples < 1) {
      throw new IllegalArgumentException("need at least one example");
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
    }
  }

  /** First example of shard s. */
  public long start(int s) {
    return Math.floorDiv(s * examples, shards);
  }

  /** One past the last example of shard s. */
  public long end(int s) {
    return Math.floorDiv((s + 1) * examples, shards);
  }

  /**
   * A minibatch of {@code batch} distinct example indices, chosen from (seed, step) only and sorted ascending
   * (Floyd's sampling with a SplitMix64 stream; independent of shards and executors).
   */
  public long[] minibatch(long seed, long step, int batch) {
    if (batch >= examples) {
      long[] all = new long[(int) examples];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    java.util.HashSet<Long> chosen = new java.util.HashSet<>(batch * 2);
    long state = mix(seed ^ mix(step + 0x632BE59BD9B4E019L));
    for (long j = examples - batch; j < examples; j++) {
      state += 0x9E3779B97F4A7C15L;
      long r = Long.remainderUnsigned(mix(state), j + 1);
      if (!chosen.add(r)) {
        chosen.add(j);
      }
    }
    long[] out = new long[batch];
    int i = 0;
    for (long v : chosen) {
      out[i++] = v;
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * The global example indices shard s works on this step: {@code indices[from..to)}.
   *
   * @param indices all of the shard's indices (full batch) or the whole sorted minibatch
   */
  public record Selection(long[] indices, int from, int to) {}

  /** Shard s's examples: all of them when {@code batch} is null, else those of the sorted minibatch in its range. */
  public Selection select(int s, long[] batch) {
    if (batch == null) {
      long first = start(s);
      long[] idx = new long[(int) (end(s) - first)];
      for (int j = 0; j < idx.length; j++) {
        idx[j] = first + j;
      }
      return new Selection(idx, 0, idx.length);
    }
    int[] r = slice(batch, s);
    return new Selection(batch, r[0], r[1]);
  }

  /**
   * Spreads shards over workers of the given capacities (e.g. tasks per JVM) so that each worker's examples this
   * step are about proportional to its capacity: the shards in {@code order}, each to the worker whose load per
   * capacity would be least with it (ties by the lowest index). The same inputs give the same owners, so every
   * worker computes the assignment itself.
   *
   * @param count each shard's examples this step ({@link #counts})
   * @param order the shards by decreasing count ({@link #bySize})
   * @param capacity each worker's capacity, ≥ 1
   * @return the owning worker of each shard, in [0, capacity.length)
   */
  public static int[] owners(long[] count, int[] order, int[] capacity) {
    for (int c : capacity) {
      if (c < 1) {
        throw new IllegalArgumentException("capacities must be >= 1, got " + Arrays.toString(capacity));
      }
    }
    long[] load = new long[capacity.length];
    int[] owner = new int[count.length];
    for (int s : order) {
      int best = 0;
      for (int p = 1; p < capacity.length; p++) {
        // (load[p] + count) / capacity[p] < (load[best] + count) / capacity[best], in integers
        if ((load[p] + count[s]) * capacity[best] < (load[best] + count[s]) * capacity[p]) {
          best = p;
        }
      }
      owner[s] = best;
      load[best] += count[s];
    }
    return owner;
  }

  /** Each shard's examples this step: its minibatch slice, or all of it for the full batch (null). */
  public long[] counts(long[] batch) {
    long[] count = new long[shards];
    for (int s = 0; s < shards; s++) {
      if (batch == null) {
        count[s] = end(s) - start(s);
      } else {
        int[] r = slice(batch, s);
        count[s] = r[1] - r[0];
      }
    }
    return count;
  }

  /** Shard ids by decreasing {@code count}, ties by id. */
  public static int[] bySize(long[] count) {
    Integer[] order = new Integer[count.length];
    for (int s = 0; s < order.length; s++) {
      order[s] = s;
    }
    Arrays.sort(order, (a, b) -> count[a] != count[b] ? Long.compare(count[b], count[a]) : Integer.compare(a, b));
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /** Indices of a sorted minibatch that fall in shard s: [from, to) into {@code batch}. */
  public int[] slice(long[] batch, int s) {
    int from = lowerBound(batch, start(s));
    int to = lowerBound(batch, end(s));
    return new int[] {from, to};
  }

  private static int lowerBound(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
