package io.bmo.core.algorithms;

import io.bmo.core.train.ShardPlan;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Warm-start state of the examples of one shard, kept by a caller across outer steps: for example i of the shard
 * (global index {@code first + j}), a primal vector (the last lower-level solution x̂_i, or the carried GKM iterate
 * u_i in joint mode) of {@code primalWidth} values, an adjoint vector (the last CG solution q_i; width 0 when unused)
 * and the 0-based outer step that last wrote it ({@link #NEVER} when the example has not been visited, in which case
 * the problem's cold start is used).
 *
 * <p>Plain arrays, example-major ({@code primal[j·primalWidth + c]}), so a checkpoint writes {@link #primal()},
 * {@link #adjoint()} and {@link #lastSteps()} as-is (e.g. .npy) and {@link #restore} rebuilds the identical state;
 * the object is also {@link Serializable} for caching in a distributed runtime. The results of the algorithms depend
 * on the state only through these arrays. Not thread-safe; one owner per shard.
 */
public final class ExampleState implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@link #lastStep} of an example that has not been visited yet. */
  public static final long NEVER = -1L;

  private final long first;
  private final int count;
  private final int primalWidth;
  private final int adjointWidth;
  private final double[] primal;
  private final double[] adjoint;
  private final long[] lastSteps;

  private ExampleState(long first, int count, int primalWidth, int adjointWidth, double[] primal, double[] adjoint,
      long[] lastSteps) {
    this.first = first;
    this.count = count;
    this.primalWidth = primalWidth;
    this.adjointWidth = adjointWidth;
    this.primal = primal;
    this.adjoint = adjoint;
    this.lastSteps = lastSteps;
  }

  /**
   * Empty (never visited) state for examples {@code first .. first+count−1}.
   *
   * @param primalWidth values per example of the primal vector, ≥ 1
   * @param adjointWidth values per example of the adjoint vector, ≥ 0
   */
  public static ExampleState empty(long first, int count, int primalWidth, int adjointWidth) {
    check(first, count, primalWidth, adjointWidth);
    long[] steps = new long[count];
    Arrays.fill(steps, NEVER);
    return new ExampleState(first, count, primalWidth, adjointWidth, new double[count * primalWidth],
        new double[count * adjointWidth], steps);
  }

  /** Empty state for shard {@code shard} of {@code plan}. */
  public static ExampleState forShard(ShardPlan plan, int shard, int primalWidth, int adjointWidth) {
    long from = plan.start(shard);
    return empty(from, Math.toIntExact(plan.end(shard) - from), primalWidth, adjointWidth);
  }

  /**
   * Rebuilds a state from checkpointed arrays (copied; lengths validated).
   *
   * @throws IllegalArgumentException naming the array whose length does not match
   */
  public static ExampleState restore(long first, int count, int primalWidth, int adjointWidth, double[] primal,
      double[] adjoint, long[] lastSteps) {
    check(first, count, primalWidth, adjointWidth);
    requireLength("primal", primal.length, (long) count * primalWidth);
    requireLength("adjoint", adjoint.length, (long) count * adjointWidth);
    requireLength("lastSteps", lastSteps.length, count);
    return new ExampleState(first, count, primalWidth, adjointWidth, primal.clone(), adjoint.clone(),
        lastSteps.clone());
  }

  private static void check(long first, int count, int primalWidth, int adjointWidth) {
    if (first < 0 || count < 0) {
      throw new IllegalArgumentException("need first >= 0 and count >= 0, got first=" + first + " count=" + count);
    }
    if (primalWidth < 1 || adjointWidth < 0) {
      throw new IllegalArgumentException("need primalWidth >= 1 and adjointWidth >= 0, got " + primalWidth + ", "
          + adjointWidth);
    }
    if ((long) count * Math.max(primalWidth, adjointWidth) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("shard state of " + count + " examples is too large for one array");
    }
  }

  private static void requireLength(String name, int actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(name + " has " + actual + " values, expected " + expected);
    }
  }

  /** Deep copy. */
  public ExampleState copy() {
    return new ExampleState(first, count, primalWidth, adjointWidth, primal.clone(), adjoint.clone(),
        lastSteps.clone());
  }

  public long first() {
    return first;
  }

  public int count() {
    return count;
  }

  public int primalWidth() {
    return primalWidth;
  }

  public int adjointWidth() {
    return adjointWidth;
  }

  /** Live primal array, example-major (for checkpointing; do not modify during a step). */
  public double[] primal() {
    return primal;
  }

  /** Live adjoint array, example-major. */
  public double[] adjoint() {
    return adjoint;
  }

  /** Live per-example last-visit steps ({@link #NEVER} = cold). */
  public long[] lastSteps() {
    return lastSteps;
  }

  /** Whether global example {@code example} belongs to this state. */
  public boolean contains(long example) {
    return example >= first && example < first + count;
  }

  private int local(long example) {
    if (!contains(example)) {
      throw new IllegalArgumentException("example " + example + " is not in this shard state [" + first + ", "
          + (first + count) + ")");
    }
    return (int) (example - first);
  }

  /** The step that last wrote example {@code example}, or {@link #NEVER}. */
  public long lastStep(long example) {
    return lastSteps[local(example)];
  }

  /** Whether {@code example} has a warm start. */
  public boolean visited(long example) {
    return lastStep(example) != NEVER;
  }

  /** Copies the example's primal vector into {@code dst[off ..]}. Modified: dst. */
  public void loadPrimal(long example, double[] dst, int off) {
    System.arraycopy(primal, local(example) * primalWidth, dst, off, primalWidth);
  }

  /** Copies the example's adjoint vector into {@code dst[off ..]}. Modified: dst. */
  public void loadAdjoint(long example, double[] dst, int off) {
    System.arraycopy(adjoint, local(example) * adjointWidth, dst, off, adjointWidth);
  }

  /** Stores the example's primal vector from {@code src[off ..]} and marks it visited at {@code step}. */
  public void storePrimal(long example, double[] src, int off, long step) {
    int j = local(example);
    System.arraycopy(src, off, primal, j * primalWidth, primalWidth);
    lastSteps[j] = step;
  }

  /** Stores the example's adjoint vector from {@code src[off ..]} (does not change the visit mark). */
  public void storeAdjoint(long example, double[] src, int off) {
    System.arraycopy(src, off, adjoint, local(example) * adjointWidth, adjointWidth);
  }

  /** Bytes held by the arrays (what a distributed cache of this state costs). */
  public long bytes() {
    return 8L * (primal.length + adjoint.length + lastSteps.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExampleState s && first == s.first && count == s.count && primalWidth == s.primalWidth
        && adjointWidth == s.adjointWidth && Arrays.equals(primal, s.primal) && Arrays.equals(adjoint, s.adjoint)
        && Arrays.equals(lastSteps, s.lastSteps);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(first) * 31 + Arrays.hashCode(primal) + 17 * Arrays.hashCode(lastSteps);
  }

  @Override
  public String toString() {
    return "ExampleState[first=" + first + ", count=" + count + ", widths=" + primalWidth + "/" + adjointWidth + "]";
  }
}
