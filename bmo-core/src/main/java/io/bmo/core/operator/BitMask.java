package io.bmo.core.operator;

/** Static helpers for bit-packed masks stored in {@code long[]} (bit i of word i>>>6). */
public final class BitMask {
  private BitMask() {}

  /** Words needed for {@code bits} bits. */
  public static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  /** Returns {@code mask} if it holds {@code bits} bits, else a new zeroed array. */
  public static long[] ensure(long[] mask, int bits) {
    int w = words(bits);
    return mask != null && mask.length >= w ? mask : new long[w];
  }

  public static boolean get(long[] mask, int i) {
    return (mask[i >>> 6] & (1L << i)) != 0;
  }
}
