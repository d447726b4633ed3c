package io.bmo.core.imaging.operator;

import io.bmo.core.imaging.ImageShape;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Serializable description of a forward operator K, from which each task builds its own {@link ForwardOperator}
 * (which may own workspaces). All convolutions use the periodic boundary of {@link PatchConvolution}.
 */
public sealed interface ForwardModel extends Serializable {
  /**
   * @param shape image shape
   * @param maxImages largest block the operator will be applied to
   */
  ForwardOperator create(ImageShape shape, int maxImages);

  /** Denoising: K = I. */
  record Identity() implements ForwardModel {
    @Override
    public ForwardOperator create(ImageShape shape, int maxImages) {
      return new IdentityOperator(shape);
    }
  }

  /**
   * Gaussian blur, {@code k[a,b] ∝ exp(−((a−r)² + (b−r)²) / (2σ²))} on a {@code size × size} grid, normalised to sum 1.
   *
   * @param size odd, at least 1 (e.g. 5)
   * @param sigma standard deviation in pixels, positive (e.g. 1)
   */
  record GaussianBlur(int size, double sigma) implements ForwardModel {
    public GaussianBlur {
      if (size < 1 || size % 2 == 0) {
        throw new IllegalArgumentException("GaussianBlur size must be odd and positive, got " + size);
      }
      if (!(sigma > 0) || Double.isInfinite(sigma)) {
        throw new IllegalArgumentException("GaussianBlur sigma must be positive and finite, got " + sigma);
      }
    }

    /** The normalised taps, row-major. */
    public double[] kernel() {
      double[] k = new double[size * size];
      int r = size / 2;
      double sum = 0;
      for (int a = 0; a < size; a++) {
        for (int b = 0; b < size; b++) {
          double d2 = (a - r) * (a - r) + (b - r) * (b - r);
          k[a * size + b] = StrictMath.exp(-d2 / (2 * sigma * sigma));
          sum += k[a * size + b];
        }
      }
      for (int i = 0; i < k.length; i++) {
        k[i] /= sum;
      }
      return k;
    }

    @Override
    public ForwardOperator create(ImageShape shape, int maxImages) {
      return new ConvolutionOperator(shape, kernel(), size, size, maxImages);
    }
  }

  /**
   * Any kernel (e.g. motion blur), used as given (not normalised, not flipped).
   *
   * @param rows odd
   * @param cols odd
   * @param taps {@code rows × cols} values, row-major, finite; defensively copied
   */
  record Kernel(int rows, int cols, double[] taps) implements ForwardModel {
    public Kernel {
      if (rows < 1 || cols < 1 || rows % 2 == 0 || cols % 2 == 0) {
        throw new IllegalArgumentException("Kernel size must be odd and positive, got " + rows + "x" + cols);
      }
      if (taps == null || taps.length != rows * cols) {
        throw new IllegalArgumentException("Kernel needs " + rows * cols + " taps, got "
            + (taps == null ? "null" : taps.length));
      }
      for (double t : taps) {
        if (!Double.isFinite(t)) {
          throw new IllegalArgumentException("Kernel taps must be finite, got " + t);
        }
      }
      taps = taps.clone();
    }

    /** Horizontal motion blur: {@code length} equal taps summing to 1 in one row ({@code length} odd). */
    public static Kernel horizontalMotion(int length) {
      double[] t = new double[length];
      Arrays.fill(t, 1.0 / length);
      return new Kernel(1, length, t);
    }

    @Override
    public double[] taps() {
      return taps.clone();
    }

    @Override
    public ForwardOperator create(ImageShape shape, int maxImages) {
      return new ConvolutionOperator(shape, taps, rows, cols, maxImages);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Kernel k && k.rows == rows && k.cols == cols && Arrays.equals(k.taps, taps);
    }

    @Override
    public int hashCode() {
      return (rows * 31 + cols) * 31 + Arrays.hashCode(taps);
    }

    @Override
    public String toString() {
      return "Kernel[" + rows + "x" + cols + ", taps=" + Arrays.toString(taps) + "]";
    }
  }
}
