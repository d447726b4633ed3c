package io.bmo.core.nn;

/**
 * Reorderings of a convolution's weights {@code W[o][c][t]} (row-major, {@code t = a·k + e} the tap) into the
 * matrices the lowered products need. All write into caller-owned arrays; none allocates.
 */
final class WeightOrder {
  private WeightOrder() {}

  /**
   * The flipped, channel-transposed kernel {@code W̃[(o·k² + t) + c·C_out·k²] = W[o][c][k² − 1 − t]}: a column-major
   * {@code (C_out·k²) × C_in} matrix (a flipped tap is the negated shift).
   */
  static void flipped(double[] w, int wOff, int cin, int cout, int taps, double[] dst, int off) {
    int rows = cout * taps;
    for (int o = 0; o < cout; o++) {
      for (int c = 0; c < cin; c++) {
        int src = wOff + (o * cin + c) * taps;
        int to = off + c * rows + o * taps;
        for (int t = 0; t < taps; t++) {
          dst[to + taps - 1 - t] = w[src + t];
        }
      }
    }
  }

  /** {@code dst[c + (o·k² + t)·C_in] = scale · W[o][c][t]}: a column-major {@code C_in × (C_out·k²)} matrix. */
  static void channelMajor(double[] w, int wOff, int cin, int cout, int taps, double scale, double[] dst, int off) {
    for (int o = 0; o < cout; o++) {
      for (int c = 0; c < cin; c++) {
        for (int t = 0; t < taps; t++) {
          dst[off + c + (o * taps + t) * cin] = scale * w[wOff + (o * cin + c) * taps + t];
        }
      }
    }
  }

  /** The inverse of {@link #channelMajor} (scale 1), added: {@code g[o][c][t] += src[c + (o·k² + t)·C_in]}. */
  static void addChannelMajor(double[] src, int off, int cin, int cout, int taps, double[] g, int gOff) {
    for (int o = 0; o < cout; o++) {
      for (int c = 0; c < cin; c++) {
        for (int t = 0; t < taps; t++) {
          g[gOff + (o * cin + c) * taps + t] += src[off + c + (o * taps + t) * cin];
        }
      }
    }
  }
}
