package io.bmo.core.deconv;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A blur kernel for true (flipped) convolution, centred: tap {@code (a, b)} of a {@code rows × cols} kernel sits at
 * offset {@code (a − rows/2, b − cols/2)} from the centre, and the blur is
 * <pre>  (k ∗ x)(i, j) = Σ_{a,b} k[a·cols + b] · x((i − a + rows/2) mod H, (j − b + cols/2) mod W)</pre>
 * (circular boundary). This is the orientation of kernels stored as images (e.g. MATLAB {@code conv2}); the
 * correlation form of {@code io.bmo.core.imaging.operator} uses {@link #correlationTaps()}.
 *
 * @param rows odd, at least 1
 * @param cols odd, at least 1
 * @param taps {@code rows × cols} finite values, row-major; defensively copied (not normalised here)
 */
public record BlurKernel(int rows, int cols, double[] taps) implements Serializable {
  public BlurKernel {
    if (rows < 1 || cols < 1 || rows % 2 == 0 || cols % 2 == 0) {
      throw new IllegalArgumentException("blur kernel size must be odd and positive, got " + rows + "x" + cols);
    }
    if (taps == null || taps.length != rows * cols) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " blur kernel needs " + rows * cols
          + " taps, got " + (taps == null ? "null" : taps.length));
    }
    for (double t : taps) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("blur kernel taps must be finite, got " + t);
      }
    }
    taps = taps.clone();
  }

  /** The identity kernel (one tap equal to 1). */
  public static BlurKernel delta() {
    return new BlurKernel(1, 1, new double[] {1});
  }

  /** A copy of the taps, row-major. */
  @Override
  public double[] taps() {
    return taps.clone();
  }

  /** Tap {@code (a, b)}. */
  public double tap(int a, int b) {
    return taps[a * cols + b];
  }

  /** Σ taps (1 for a normalised blur). */
  public double sum() {
    double s = 0;
    for (double t : taps) {
      s += t;
    }
    return s;
  }

  /**
   * The kernel of the mirrored problem: with {@code F} the mirror of {@code H × W} images coded as
   * {@code io.bmo.core.nn.Flips} codes them (bit 0 left–right, bit 1 up–down), {@code F(k ∗ x) = k.flipped(f) ∗ F x}
   * for the circular blur on any image size. The taps are mirrored the same way (the sides are odd, so the centre tap
   * stays the centre).
   *
   * @param f 0 (this kernel's taps) to 3
   */
  public BlurKernel flipped(int f) {
    if (f < 0 || f > 3) {
      throw new IllegalArgumentException("flip must be 0 to 3, got " + f);
    }
    double[] t = new double[taps.length];
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < cols; b++) {
        int ra = (f & 2) != 0 ? rows - 1 - a : a;
        int rb = (f & 1) != 0 ? cols - 1 - b : b;
        t[ra * cols + rb] = taps[a * cols + b];
      }
    }
    return new BlurKernel(rows, cols, t);
  }

  /**
   * The kernel of the transposed problem, {@code (k ∗ x)ᵀ = k.transposed() ∗ xᵀ} for the circular blur ({@code cols ×
   * rows}, tap (b, a) = tap (a, b) of this one).
   */
  public BlurKernel transposed() {
    double[] t = new double[taps.length];
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < cols; b++) {
        t[b * rows + a] = taps[a * cols + b];
      }
    }
    return new BlurKernel(cols, rows, t);
  }

  /** The taps rotated by 180°: the same blur written as a correlation ({@code ForwardModel.Kernel} convention). */
  public double[] correlationTaps() {
    double[] r = new double[taps.length];
    for (int p = 0; p < taps.length; p++) {
      r[taps.length - 1 - p] = taps[p];
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlurKernel k && k.rows == rows && k.cols == cols && Arrays.equals(k.taps, taps);
  }

  @Override
  public int hashCode() {
    return (rows * 31 + cols) * 31 + Arrays.hashCode(taps);
  }

  @Override
  public String toString() {
    return "BlurKernel[" + rows + "x" + cols + ", sum=" + sum() + "]";
  }
}
