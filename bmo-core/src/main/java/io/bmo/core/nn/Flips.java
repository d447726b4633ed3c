package io.bmo.core.nn;

/**
 * The four flips of a row-major {@code height × width} image, for geometric self-ensembles of a network that is not
 * itself flip-equivariant: 0 = none, 1 = left–right, 2 = up–down, 3 = both (a half turn). Each flip is its own
 * inverse and, as a linear map, its own transpose, so the same call undoes it and carries a cotangent back; flips
 * compose as the exclusive or of their codes ({@code F_a F_b = F_{a ^ b}}). With {@link #transpose} they make the
 * eight symmetries of the square.
 */
public final class Flips {
  /** The number of flips, 0 to 3. */
  public static final int COUNT = 4;

  private Flips() {}

  /**
   * {@code dst = F_f src} for a {@code height × width} image ({@code src} and {@code dst} distinct, or equal only for
   * {@code f = 0}).
   */
  public static void apply(int f, double[] src, double[] dst, int height, int width) {
    if (f < 0 || f >= COUNT) {
      throw new IllegalArgumentException("flip must be 0 to 3, got " + f);
    }
    for (int r = 0; r < height; r++) {
      int from = ((f & 2) != 0 ? height - 1 - r : r) * width;
      int to = r * width;
      if ((f & 1) != 0) {
        for (int c = 0; c < width; c++) {
          dst[to + c] = src[from + width - 1 - c];
        }
      } else {
        System.arraycopy(src, from, dst, to, width);
      }
    }
  }

  /** {@code dst = srcᵀ}: the {@code width × height} transpose of a row-major {@code height × width} image. */
  public static void transpose(double[] src, double[] dst, int height, int width) {
    if (src == dst) {
      throw new IllegalArgumentException("transpose needs distinct arrays");
    }
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        dst[c * height + r] = src[r * width + c];
      }
    }
  }
}
