package io.bmo.core.aggregate;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The reduction of a step's per-shard {@link LossGradientSum}s (loss, hypergradient, statistics, count) whose bits
 * depend only on the set of shard sums, never on the order or grouping of {@link #add} and {@link #merge}: the loss,
 * gradient and statistics go through one {@link ReproducibleSum} (binned, fold {@value ReproducibleSum#FOLD}), the
 * count is an exact integer. A Spark tree aggregation whose merge order follows task completion, a driver folding
 * shards in shard order and a single-JVM fold therefore give the same result bit for bit.
 *
 * <p>A shard's own sum is still accumulated block by block in a fixed order inside its task, so results depend on
 * the data layout (shards, block size) and on nothing else. Memory: 29 bytes per coordinate (about 3.6 doubles).
 */
public final class ReproducibleStepSum implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Name of this reduction scheme, recorded in run manifests. */
  public static final String SCHEME = "binned-int32-fold" + ReproducibleSum.FOLD;

  private final int dim;
  private final int numStats;
  private final ReproducibleSum sums;
  private long count;

  /** An empty reduction of sums with a {@code dim}-long gradient and {@code numStats} statistics. */
  public ReproducibleStepSum(int dim, int numStats) {
    this(dim, numStats, new ReproducibleSum(1 + dim + numStats), 0);
  }

  private ReproducibleStepSum(int dim, int numStats, ReproducibleSum sums, long count) {
    if (sums.dim() != 1 + dim + numStats) {
      throw new IllegalArgumentException("a reduction of " + sums.dim() + " coordinates for a gradient of " + dim
          + " and " + numStats + " statistics");
    }
    this.dim = dim;
    this.numStats = numStats;
    this.sums = sums;
    this.count = count;
  }

  /** Adds one shard's sum ({@code s} is not modified). Allocates nothing. */
  public ReproducibleStepSum add(LossGradientSum s) {
    if (s.dim() != dim || s.statsBuffer().length != numStats) {
      throw new IllegalArgumentException("sum of gradient " + s.dim() + " / stats " + s.statsBuffer().length
          + " added to a reduction of " + dim + " / " + numStats);
    }
    sums.add(s.lossSum(), s.gradSumBuffer(), s.statsBuffer());
    count += s.count();
    return this;
  }

  /** Folds {@code other} in ({@code other} is not modified) and returns this. */
  public ReproducibleStepSum merge(ReproducibleStepSum other) {
    if (other.dim != dim || other.numStats != numStats) {
      throw new IllegalArgumentException("merging reductions of different shapes");
    }
    sums.merge(other.sums);
    count += other.count;
    return this;
  }

  /** A copy that shares nothing with this reduction. */
  public ReproducibleStepSum copy() {
    return new ReproducibleStepSum(dim, numStats, sums.copy(), count);
  }

  /** Bytes {@link #writeTo} writes. */
  public long encodedBytes() {
    return 16 + sums.encodedBytes();
  }

  /**
   * Writes this reduction in a compact binary form ({@link ReproducibleSum#writeTo}); {@link #readFrom} gives back
   * the same reduction, bin for bin.
   *
   * @param out advanced by {@link #encodedBytes()}; its byte order is set to little-endian
   */
  public void writeTo(ByteBuffer out) {
    ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(dim).putInt(numStats).putLong(count);
    sums.writeTo(b);
  }

  /**
   * Reads a reduction written by {@link #writeTo}.
   *
   * @param in advanced past it
   */
  public static ReproducibleStepSum readFrom(ByteBuffer in) {
    ByteBuffer b = in.order(ByteOrder.LITTLE_ENDIAN);
    int dim = b.getInt();
    int numStats = b.getInt();
    long count = b.getLong();
    return new ReproducibleStepSum(dim, numStats, ReproducibleSum.readFrom(b), count);
  }

  /** Number of shard sums added (merges included). */
  public long shards() {
    return sums.count();
  }

  /** The reduced sum as a fresh {@link LossGradientSum}. */
  public LossGradientSum result() {
    LossGradientSum out = new LossGradientSum(dim, numStats);
    sums.values(1, out.gradSumBuffer(), 0, dim);
    sums.values(1 + dim, out.statsBuffer(), 0, numStats);
    out.addLossAndCount(sums.value(0), count);
    return out;
  }

  /**
   * Adds {@code part} to {@code acc}, or to a new reduction shaped like {@code part} when {@code acc} is null (an
   * executor's thread or task that has not summed a shard yet).
   *
   * @return the reduction holding {@code part}
   */
  public static ReproducibleStepSum addTo(ReproducibleStepSum acc, LossGradientSum part) {
    return (acc != null ? acc : new ReproducibleStepSum(part.dim(), part.statsBuffer().length)).add(part);
  }

  /** {@link #merge}, where either side may be null (no shard summed); returns the merged side, or null. */
  public static ReproducibleStepSum merged(ReproducibleStepSum x, ReproducibleStepSum y) {
    return x == null ? y : y == null ? x : x.merge(y);
  }

  /**
   * The result of a reduction that must hold exactly {@code shards} shard sums.
   *
   * @param total the reduction, or null when no shard was summed
   * @throws IllegalStateException otherwise, naming how many arrived
   */
  public static LossGradientSum resultOf(ReproducibleStepSum total, int shards) {
    if (total == null || total.shards() != shards) {
      throw new IllegalStateException("reduction saw " + (total == null ? 0 : total.shards()) + " of " + shards
          + " shards");
    }
    return total.result();
  }

  /** Reduces per-shard sums (any order gives the same bits). */
  public static LossGradientSum reduce(LossGradientSum[] shards) {
    ReproducibleStepSum r = new ReproducibleStepSum(shards[0].dim(), shards[0].statsBuffer().length);
    for (LossGradientSum s : shards) {
      r.add(s);
    }
    return r.result();
  }
}
