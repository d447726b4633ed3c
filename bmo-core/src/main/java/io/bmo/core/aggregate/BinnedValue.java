package io.bmo.core.aggregate;

import static io.bmo.core.aggregate.ReproducibleSum.EMPTY;
import static io.bmo.core.aggregate.ReproducibleSum.FOLD;
import static io.bmo.core.aggregate.ReproducibleSum.MASK;
import static io.bmo.core.aggregate.ReproducibleSum.NAN;
import static io.bmo.core.aggregate.ReproducibleSum.NEG_INF;
import static io.bmo.core.aggregate.ReproducibleSum.POS_INF;
import static io.bmo.core.aggregate.ReproducibleSum.POS_ZERO;
import static io.bmo.core.aggregate.ReproducibleSum.W;

/**
 * The cold paths of a {@link ReproducibleSum}'s coordinates: adding a value that is not a normal number (NaN, ±∞,
 * ±0, subnormals), and reading a coordinate as a double — the special values from its flags, else its
 * {@link ReproducibleSum#FOLD} bins converted lowest first, each bin's integer times the exact unit of its bin.
 */
final class BinnedValue {
  /** Lowest and highest bins a window can hold: top bins run from 0 (subnormals) to 65 (the largest doubles). */
  private static final int MIN_BIN = -(FOLD - 1);
  private static final int MAX_BIN = (2046 + 52) / W;
  /** UNIT[k − MIN_BIN] = 2^(W·k − 1074), the exact value of one unit of bin k (0 for the empty bins below bin 0). */
  private static final double[] UNIT = new double[MAX_BIN - MIN_BIN + 1];

  static {
    for (int k = MIN_BIN; k <= MAX_BIN; k++) {
      UNIT[k - MIN_BIN] = k < 0 ? 0.0 : Math.scalb(1.0, W * k - 1074);
    }
  }

  private BinnedValue() {}

  /**
   * @param f the coordinate's flags
   * @param top its window's top bin ({@link ReproducibleSum#EMPTY} when only zeros were added)
   * @param o the index of its lowest kept bin in {@code bins}
   * @param count summands added to the sum
   */
  static double of(byte f, int top, long[] bins, int o, long count) {
    if ((f & NAN) != 0 || (f & (POS_INF | NEG_INF)) == (POS_INF | NEG_INF)) {
      return Double.NaN;
    }
    if ((f & POS_INF) != 0) {
      return Double.POSITIVE_INFINITY;
    }
    if ((f & NEG_INF) != 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (top == EMPTY) { // only zeros: −0.0 when every summand was −0.0
      return count > 0 && (f & POS_ZERO) == 0 ? -0.0 : 0.0;
    }
    // Lowest bin first; each product is an exact power-of-two scaling of the rounded bin (rounded once more only
    // in the subnormal range). Nonzero summands that cancel exactly give +0.0, as IEEE addition does.
    int u = top - FOLD + 1 - MIN_BIN;
    double r = 0.0;
    for (int j = 0; j < FOLD; j++) {
      r += (double) bins[o + j] * UNIT[u + j];
    }
    return r;
  }

  /**
   * Adds {@code x} (raw bits, biased exponent 0 or 0x7ff) to coordinate c: NaN and ±∞ set flags, +0.0 sets the
   * {@code POS_ZERO} flag, −0.0 changes nothing, and a subnormal |x| = frac·2^(−1074) (frac < 2⁵²) adds to bins 0 (low
   * half) and 1 (high half) where the window holds them.
   */
  static void addRare(ReproducibleSum s, int c, long raw, int exp, long frac) {
    if (exp == 0x7ff) {
      s.flags[c] |= frac != 0 ? NAN : (raw < 0 ? NEG_INF : POS_INF);
      return;
    }
    if (frac == 0) {
      if (raw == 0) {
        s.flags[c] |= POS_ZERO;
      }
      return;
    }
    int t = (63 - Long.numberOfLeadingZeros(frac)) >>> 5;
    if (t > s.top[c]) { // EMPTY is below every bin
      s.raise(c, t);
    }
    long sign = raw >> 63;
    int idx = FOLD - 1 - s.top[c]; // position of bin 0 in the window
    int o = c * FOLD;
    if (idx >= 0) {
      s.bins[o + idx] += ((frac & MASK) ^ sign) - sign;
    }
    if (idx + 1 >= 0 && idx + 1 < FOLD) {
      s.bins[o + idx + 1] += ((frac >>> W) ^ sign) - sign;
    }
  }
}
