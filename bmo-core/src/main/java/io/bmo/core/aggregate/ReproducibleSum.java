package io.bmo.core.aggregate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An order-independent sum of double vectors: any order of {@link #add} calls and any grouping of {@link #merge}s
 * gives the same bits, so a reduction tree whose shape follows task completion stays reproducible.
 *
 * <p><b>Method</b> (binned summation after Demmel, Ahrens and Nguyen's ReproBLAS, here with integer bins). Every
 * finite double is an integer multiple of 2⁻¹⁰⁷⁴; write |x| = m·2^(p−1074) with m &lt; 2⁵³ and p ≥ 0, and cut the
 * bit positions of that fixed grid into bins of {@link #W} = 32 bits (bin k holds positions [32k, 32k + 32)). The
 * slice of x in bin k is sign(x) times the bits of m·2^p in that bin — an exact integer below 2³² in units of
 * 2^(32k−1074) — and x is the sum of its slices. Per coordinate the sum keeps the {@link #FOLD} = 3 bins ending at
 * the top bin of the largest |x| seen, each as an exact 64-bit integer sum of slices, and drops slices below them.
 * The window only moves up, so the kept value is Σ_x Σ_{k in window(max|x|)} slice_k(x), computed exactly: a
 * function of the multiset of summands alone. {@link #value} converts the three integers to one double in a fixed
 * order, so equal sums give equal bits.
 *
 * <p><b>Error</b> (proof: each dropped slice of x is below one unit of the window's lowest bin, 2^(32(T−2)−1074),
 * where T is the window's top bin, so |max x| &lt; 2^(32(T+1)−1074)): |value − exact| ≤ n·2^(32(T−2)−1074) plus the
 * final conversion's error ≤ 2·ulp(value) (three roundings of integers below 2⁶³ and two additions); relative to the
 * largest summand that is n·2⁻⁶⁴ + rounding, far below ordinary recursive summation's n·2⁻⁵³·Σ|x|. {@link #bound}
 * returns it per coordinate.
 *
 * <p><b>Special values</b>: a NaN, or both +∞ and −∞, give NaN; otherwise any ±∞ gives it; the sum of only −0.0
 * is −0.0 and an exact zero otherwise +0.0 (IEEE's round-to-nearest rules, independent of order).
 *
 * <p><b>Limits</b>: at most 2³¹ − 1 summands per coordinate (the bin integers cannot overflow: each slice is below
 * 2³²); more throws. Memory: 3 longs, one int and one byte per coordinate (29 bytes, 3.6× a double).
 *
 * <p>Not thread-safe. {@link #add} and {@link #merge} allocate nothing.
 */
public final class ReproducibleSum implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bits per bin. */
  public static final int W = 32;
  /** Bins kept per coordinate. */
  public static final int FOLD = 3;
  private static final long MASK = (1L << W) - 1;
  private static final int EMPTY = Integer.MIN_VALUE;
  private static final byte NAN = 1;
  private static final byte POS_INF = 2;
  private static final byte NEG_INF = 4;
  private static final byte NOT_NEG_ZERO = 8;
  private static final byte SEEN = 16;
  private static final long MAX_COUNT = Integer.MAX_VALUE;

  private final int dim;
  private final int[] top;
  private final long[] bins;
  private final byte[] flags;
  private long count;

  /** An empty sum of vectors of length {@code dim}. */
  public ReproducibleSum(int dim) {
    if (dim < 0) {
      throw new IllegalArgumentException("dim must be >= 0, got " + dim);
    }
    this.dim = dim;
    this.top = new int[dim];
    Arrays.fill(top, EMPTY);
    this.bins = new long[dim * FOLD];
    this.flags = new byte[dim];
  }

  public int dim() {
    return dim;
  }

  /** Number of vectors added (merges add the other side's count). */
  public long count() {
    return count;
  }

  /** Adds the vector {@code v} (length {@link #dim}); {@code v} is not modified. */
  public void add(double[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector has " + v.length + " entries, sum has " + dim);
    }
    bump(1);
    for (int c = 0; c < dim; c++) {
      addAt(c, v[c]);
    }
  }

  /** Folds {@code other} into this sum; {@code other} is not modified. Merging an empty sum changes nothing. */
  public void merge(ReproducibleSum other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException("merging sums of length " + other.dim + " into " + dim);
    }
    bump(other.count);
    for (int c = 0; c < dim; c++) {
      flags[c] |= other.flags[c];
      int t = other.top[c];
      if (t == EMPTY) {
        continue;
      }
      raise(c, t);
      int shift = top[c] - t;
      int o = c * FOLD;
      for (int j = shift; j < FOLD; j++) {
        bins[o + j - shift] += other.bins[o + j];
      }
    }
  }

  /** The sum of coordinate {@code c} as a double (same bits for the same multiset of summands). */
  public double value(int c) {
    byte f = flags[c];
    if ((f & NAN) != 0 || (f & (POS_INF | NEG_INF)) == (POS_INF | NEG_INF)) {
      return Double.NaN;
    }
    if ((f & POS_INF) != 0) {
      return Double.POSITIVE_INFINITY;
    }
    if ((f & NEG_INF) != 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double r = 0.0;
    if (top[c] != EMPTY) {
      int base = top[c] - FOLD + 1;
      for (int j = 0; j < FOLD; j++) { // lowest bin first
        long b = bins[c * FOLD + j];
        if (b != 0) {
          r += Math.scalb((double) b, (base + j) * W - 1074);
        }
      }
    }
    if (r == 0.0) {
      return (f & SEEN) != 0 && (f & NOT_NEG_ZERO) == 0 ? -0.0 : 0.0;
    }
    return r;
  }

  /** All coordinates as doubles, written into {@code out} (length {@link #dim}). Modified. */
  public void values(double[] out) {
    for (int c = 0; c < dim; c++) {
      out[c] = value(c);
    }
  }

  /**
   * The proven bound on |{@link #value}(c) − exact sum| for finite sums (see the class comment):
   * count·2^(32·(T−2)−1074) + 2·ulp(value).
   */
  public double bound(int c) {
    double v = value(c);
    double dropped = top[c] == EMPTY ? 0.0 : count * Math.scalb(1.0, (top[c] - FOLD + 1) * W - 1074);
    return dropped + 2 * Math.ulp(v);
  }

  private void bump(long n) {
    if (count + n > MAX_COUNT) {
      throw new IllegalStateException("more than " + MAX_COUNT + " summands in one reproducible sum");
    }
    count += n;
  }

  private void addAt(int c, double x) {
    long raw = Double.doubleToRawLongBits(x);
    int exp = (int) ((raw >>> 52) & 0x7ff);
    long frac = raw & 0xfffffffffffffL;
    if (exp == 0x7ff) {
      flags[c] |= (byte) (SEEN | (frac != 0 ? NAN : (raw < 0 ? NEG_INF : POS_INF)));
      return;
    }
    flags[c] |= (byte) (raw != Long.MIN_VALUE ? SEEN | NOT_NEG_ZERO : SEEN);
    long m = exp == 0 ? frac : frac | (1L << 52);
    if (m == 0) {
      return;
    }
    int p = exp == 0 ? 0 : exp - 1; // |x| = m·2^(p−1074)
    int highBit = p + 63 - Long.numberOfLeadingZeros(m);
    int t = highBit >>> 5; // highBit / W, W = 32
    if (t > top[c]) { // EMPTY is below every bin
      raise(c, t);
    }
    // m·2^p spans bins p/W .. p/W + 2: with off = p mod W, its bits relative to bin p/W are m << off, a 96-bit
    // number whose 32-bit slices are lo's two halves and hi (below 2^21). Slices below the window are dropped.
    int off = p & (W - 1);
    long lo = m << off;
    long hi = off == 0 ? 0L : m >>> (64 - off);
    long sign = raw >> 63; // 0 or −1: (s ^ sign) − sign is s or −s
    int idx = (p >>> 5) - (top[c] - FOLD + 1);
    int o = c * FOLD;
    if (idx >= 0) {
      bins[o + idx] += ((lo & MASK) ^ sign) - sign;
    }
    if (idx + 1 >= 0 && idx + 1 < FOLD) {
      bins[o + idx + 1] += ((lo >>> W) ^ sign) - sign;
    }
    if (idx + 2 >= 0 && idx + 2 < FOLD) {
      bins[o + idx + 2] += (hi ^ sign) - sign;
    }
  }

  /** Moves coordinate c's window up so that its top bin is at least {@code t}, dropping bins that fall out. */
  private void raise(int c, int t) {
    int cur = top[c];
    if (cur == EMPTY) {
      top[c] = t;
      return;
    }
    if (t <= cur) {
      return;
    }
    int shift = t - cur;
    int o = c * FOLD;
    for (int j = 0; j < FOLD; j++) {
      bins[o + j] = j + shift < FOLD ? bins[o + j + shift] : 0L;
    }
    top[c] = t;
  }
}
