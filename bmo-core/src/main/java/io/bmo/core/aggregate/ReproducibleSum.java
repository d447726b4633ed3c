package io.bmo.core.aggregate;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  static final long MASK = (1L << W) - 1;
  static final int EMPTY = Integer.MIN_VALUE;
  static final byte NAN = 1;
  static final byte POS_INF = 2;
  static final byte NEG_INF = 4;
  static final byte POS_ZERO = 8; // a +0.0 was added
  private static final long MAX_COUNT = Integer.MAX_VALUE;

  private final int dim;
  final int[] top;
  final long[] bins;
  final byte[] flags;
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
    boolean empty = count == 0;
    bump(1);
    if (empty) {
      setRange(0, v, 0, dim);
    } else {
      addRange(0, v, 0, dim);
    }
  }

  /**
   * Adds the vector (head, a[0], …, a[a.length − 1], b[0], …) of length {@link #dim} — the same as {@link #add} of
   * that concatenation, without building it. Nothing is modified but this sum.
   */
  public void add(double head, double[] a, double[] b) {
    if (1 + a.length + b.length != dim) {
      throw new IllegalArgumentException("vector has " + (1 + a.length + b.length) + " entries, sum has " + dim);
    }
    boolean empty = count == 0;
    bump(1);
    addAt(0, head);
    if (empty) {
      setRange(1, a, 0, a.length);
      setRange(1 + a.length, b, 0, b.length);
    } else {
      addRange(1, a, 0, a.length);
      addRange(1 + a.length, b, 0, b.length);
    }
  }

  /**
   * {@link #addRange} into coordinates that hold nothing yet (an empty sum): a normal number's window is its own top
   * bin and its three slices are stored, not added. Everything else goes to {@link #addAt}. Same bins.
   */
  private void setRange(int c0, double[] src, int from, int len) {
    final long[] bs = bins;
    final int[] tops = top;
    for (int i = 0; i < len; i++) {
      int c = c0 + i;
      long raw = Double.doubleToRawLongBits(src[from + i]);
      int p = ((int) (raw >>> 52) & 0x7ff) - 1;
      if (Integer.compareUnsigned(p, 0x7fe) >= 0) {
        addAt(c, src[from + i]);
        continue;
      }
      int h = (p + 52) >>> 5; // W = 32
      long m = (raw & 0xfffffffffffffL) | (1L << 52);
      int off = p - ((h - 2) << 5);
      long low = m << off;
      long sign = raw >> 63;
      int o = c * FOLD;
      tops[c] = h;
      bs[o] = ((low & MASK) ^ sign) - sign;
      bs[o + 1] = ((low >>> W) ^ sign) - sign;
      bs[o + 2] = ((m >>> (64 - off)) ^ sign) - sign;
    }
  }

  /**
   * Adds src[from + i] to coordinate c0 + i for i &lt; len. The loop handles inline the common case — a normal
   * number whose top bin is in the current window — and leaves the rest (zeros, subnormals, ±∞, NaN, a window that
   * moves up, a number entirely below the window) to {@link #addAt}, which gives the same bins.
   */
  private void addRange(int c0, double[] src, int from, int len) {
    final long[] bs = bins;
    final int[] tops = top;
    for (int i = 0; i < len; i++) {
      int c = c0 + i;
      long raw = Double.doubleToRawLongBits(src[from + i]);
      int exp = (int) (raw >>> 52) & 0x7ff;
      int p = exp - 1;
      int h = (p + 52) >>> 5; // W = 32
      int d = tops[c] - h; // an EMPTY top wraps to a large positive d: the slow path
      if (Integer.compareUnsigned(p, 0x7fe) >= 0 || Integer.compareUnsigned(d, FOLD) >= 0) {
        addAt(c, src[from + i]);
        continue;
      }
      long m = (raw & 0xfffffffffffffL) | (1L << 52);
      int off = p - ((h - 2) << 5);
      long low = m << off;
      long high = m >>> (64 - off);
      long sign = raw >> 63;
      int o = c * FOLD;
      int s1 = 1 - d;
      bs[o + 2 - d] += (high ^ sign) - sign;
      bs[o + (s1 & ~(s1 >> 31))] += (((low >>> W) ^ sign) - sign) & ((d - 2) >> 31);
      bs[o] += (((low & MASK) ^ sign) - sign) & ((d - 1) >> 31);
    }
  }

  /** A copy that shares nothing with this sum. */
  public ReproducibleSum copy() {
    ReproducibleSum c = new ReproducibleSum(dim);
    System.arraycopy(top, 0, c.top, 0, dim);
    System.arraycopy(bins, 0, c.bins, 0, bins.length);
    System.arraycopy(flags, 0, c.flags, 0, dim);
    c.count = count;
    return c;
  }

  /** Bytes {@link #writeTo} writes. */
  public long encodedBytes() {
    return 12L + (4L + 8L * FOLD + 1L) * dim;
  }

  /**
   * Writes this sum in a compact binary form, little-endian: dim, count, then the tops, bins and flags as bulk
   * arrays. {@link #readFrom} gives back the same sum, bin for bin; for exchanging sums between tasks without Java
   * serialization's per-element cost.
   *
   * @param out advanced by {@link #encodedBytes()}; its byte order is set to little-endian
   */
  public void writeTo(ByteBuffer out) {
    ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(dim).putLong(count);
    b.asIntBuffer().put(top);
    b.position(b.position() + 4 * dim);
    b.asLongBuffer().put(bins);
    b.position(b.position() + 8 * bins.length);
    b.put(flags);
  }

  /**
   * Reads a sum written by {@link #writeTo}.
   *
   * @param in advanced past the sum
   */
  public static ReproducibleSum readFrom(ByteBuffer in) {
    ByteBuffer b = in.order(ByteOrder.LITTLE_ENDIAN);
    ReproducibleSum s = new ReproducibleSum(b.getInt());
    s.count = b.getLong();
    b.asIntBuffer().get(s.top);
    b.position(b.position() + 4 * s.dim);
    b.asLongBuffer().get(s.bins);
    b.position(b.position() + 8 * s.bins.length);
    b.get(s.flags);
    return s;
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
      int o0 = c * FOLD;
      if (t == top[c]) { // the common case: the same window
        bins[o0] += other.bins[o0];
        bins[o0 + 1] += other.bins[o0 + 1];
        bins[o0 + 2] += other.bins[o0 + 2];
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
    return BinnedValue.of(flags[c], top[c], bins, c * FOLD, count);
  }

  /** Coordinates {@code from} … {@code from + len − 1} as doubles, into {@code out} from {@code outPos}. Modified. */
  public void values(int from, double[] out, int outPos, int len) {
    for (int i = 0; i < len; i++) {
      out[outPos + i] = value(from + i);
    }
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
    if (exp != 0 && exp != 0x7ff) { // the common case: no flag to set
      addNormal(c, raw, exp - 1, frac | (1L << 52));
    } else {
      BinnedValue.addRare(this, c, raw, exp, frac);
    }
  }

  /**
   * A normal number, |x| = m·2^(p−1074) with bit 52 of m set: its top bit p + 52 lies in bin h = (p + 52)/W, so m·2^p
   * spans exactly bins h − 2 .. h. Shifted to bin h − 2 (off = p − W(h − 2), between 12 and 43) it is a 96-bit number
   * whose 32-bit slices are low's two halves and high; no branch depends on the data except the window's position.
   */
  private void addNormal(int c, long raw, int p, long m) {
    int h = (p + 52) >>> 5; // W = 32
    if (h > top[c]) { // EMPTY is below every bin
      raise(c, h);
    }
    int d = top[c] - h; // ≥ 0: how far bin h sits below the window's top
    if (d >= FOLD) {
      return;
    }
    int off = p - ((h - 2) << 5);
    long low = m << off; // bins h − 2 (low half) and h − 1 (high half)
    long high = m >>> (64 - off); // bin h, below 2³²
    long sign = raw >> 63; // 0 or −1: (s ^ sign) − sign is s or −s
    // Without branches on d (0, 1 or 2; it varies with the data): bin h goes to window slot 2 − d, bin h − 1 to
    // slot 1 − d (masked to 0 and sent to slot 0 when d = 2), bin h − 2 to slot 0 (masked unless d = 0).
    int o = c * FOLD;
    int s1 = 1 - d;
    bins[o + 2 - d] += (high ^ sign) - sign;
    bins[o + (s1 & ~(s1 >> 31))] += (((low >>> W) ^ sign) - sign) & ((d - 2) >> 31);
    bins[o] += (((low & MASK) ^ sign) - sign) & ((d - 1) >> 31);
  }

  /** Moves coordinate c's window up so that its top bin is at least {@code t}, dropping bins that fall out. */
  void raise(int c, int t) {
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
