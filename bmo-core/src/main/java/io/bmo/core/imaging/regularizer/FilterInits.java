package io.bmo.core.imaging.regularizer;

import java.util.SplittableRandom;

/** Initial Field-of-Experts filters, before their projection to zero mean and unit norm. */
final class FilterInits {
  private FilterInits() {}

  /**
   * Writes F filters of size × size taps, row-major, at {@code theta[offset ..]}: the lowest-frequency 2-D DCT atoms
   * {@code cos(π(a + ½)u/s)·cos(π(b + ½)v/s)} in order of u + v (then u), the constant atom excluded; or taps uniform
   * in [−1, 1) from {@code seed}.
   */
  static void fill(double[] theta, int offset, int filters, int size, boolean dct, long seed) {
    int t = size * size;
    if (dct) {
      int i = 0;
      for (int sum = 1; sum <= 2 * (size - 1) && i < filters; sum++) {
        for (int u = Math.max(0, sum - size + 1); u <= Math.min(sum, size - 1) && i < filters; u++) {
          int v = sum - u;
          int off = offset + t * i++;
          for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
              theta[off + a * size + b] = StrictMath.cos(Math.PI * (a + 0.5) * u / size)
                  * StrictMath.cos(Math.PI * (b + 0.5) * v / size);
            }
          }
        }
      }
    } else {
      SplittableRandom rng = new SplittableRandom(seed);
      for (int i = 0; i < filters * t; i++) {
        theta[offset + i] = 2 * rng.nextDouble() - 1;
      }
    }
  }
}
