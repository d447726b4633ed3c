package io.bmo.core.hypergrad;

/**
 * Where checkpointed reverse mode stores its snapshots: the split points of binomial checkpointing (Griewank and
 * Walther, "Algorithm 799: revolve", ACM TOMS 2000), found by dynamic programming over the exact cost model below.
 *
 * <p>Reversing a stretch of {@code len} steps whose start iterate is available, with {@code s} free snapshot slots,
 * costs (in forward steps, the step that records its tape included)
 * <pre>
 *   F(1, s)   = 1
 *   F(len, 0) = len·(len+1)/2                                  (recompute from the start for every step)
 *   F(len, s) = min_{1≤m&lt;len} m + F(len−m, s−1) + F(m, s)
 * </pre>
 * where the inner term advances m steps, stores the iterate there, reverses the right part with one slot fewer and
 * then the left part with the slot freed again (by induction this is never worse than leaving a slot unused).
 * Reverse steps (one per step, K in all) come on top. With the full tape the forward pass alone costs K.
 *
 * <p>The table costs O(K²·s) time and O(K·s) memory; beyond {@link #MAX_TABLE_WORK} the schedule bisects instead
 * (cost O(K·log K) forward steps once s ≥ log₂K). Immutable.
 */
public final class CheckpointSchedule {
  /** Largest K²·(s+1) solved exactly; bigger problems use bisection (a few seconds of table work at most). */
  static final long MAX_TABLE_WORK = 200_000_000L;

  private final int layers;
  private final int snapshots;
  /** split[t][len]: best first advance m for a stretch of len steps with t slots (0 = no snapshot). */
  private final int[][] split;
  private final long forwardSteps;

  /**
   * @param layers K ≥ 1
   * @param snapshots dense iterates that may be kept at once, ≥ 0 (more than K − 1 are never used)
   */
  public CheckpointSchedule(int layers, int snapshots) {
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (snapshots < 0) {
      throw new IllegalArgumentException("snapshots must be >= 0, got " + snapshots);
    }
    this.layers = layers;
    this.snapshots = Math.min(snapshots, layers - 1);
    int s = this.snapshots;
    if ((long) layers * layers * (s + 1) <= MAX_TABLE_WORK) {
      long[][] cost = new long[s + 1][layers + 1];
      split = new int[s + 1][layers + 1];
      for (int len = 1; len <= layers; len++) {
        cost[0][len] = (long) len * (len + 1) / 2;
      }
      for (int t = 1; t <= s; t++) {
        cost[t][1] = 1;
        for (int len = 2; len <= layers; len++) {
          long best = Long.MAX_VALUE;
          int bestM = 0;
          for (int m = 1; m < len; m++) {
            long c = m + cost[t - 1][len - m] + cost[t][m];
            if (c < best) {
              best = c;
              bestM = m;
            }
          }
          cost[t][len] = best;
          split[t][len] = bestM;
        }
      }
      forwardSteps = cost[s][layers];
    } else {
      split = null;
      forwardSteps = bisectionCost(layers, s);
    }
  }

  private static long bisectionCost(int len, int s) {
    if (len == 1) {
      return 1;
    }
    if (s == 0) {
      return (long) len * (len + 1) / 2;
    }
    int m = len / 2;
    return m + bisectionCost(len - m, s - 1) + bisectionCost(m, s);
  }

  public int layers() {
    return layers;
  }

  /** Slots actually usable (the requested count capped at K − 1). */
  public int snapshots() {
    return snapshots;
  }

  /**
   * The first advance for a stretch of {@code len} steps with {@code slots} free slots: m in 1..len−1 means
   * "advance m steps and store a snapshot there"; 0 means "no snapshot: recompute every step from the start".
   */
  public int split(int len, int slots) {
    if (len <= 1 || slots <= 0) {
      return 0;
    }
    int t = Math.min(slots, snapshots);
    if (split != null) {
      return split[t][len];
    }
    return len / 2;
  }

  /**
   * Forward steps of the whole reversal, the first pass included (K for K = 1, otherwise more than K: every
   * step is taped by a recomputation, and advances do not tape).
   */
  public long forwardSteps() {
    return forwardSteps;
  }
}
