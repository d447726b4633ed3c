package io.bmo.datasets.deblur;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.deconv.BlurSpectrum;
import io.bmo.core.deconv.CircularBlur;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * The degraded observation of example {@code index}: {@code y = k ∗ x + σ·n} with the circular blur of bmo-core's
 * {@link CircularBlur} (true convolution, kernel centred) and {@code n} standard normal from {@link SeededRandom}
 * (seed, stream {@link #NOISE_STREAM}, index), drawn in pixel order. The result depends only on (clean image,
 * kernel, σ, seed, index). No clamping and no rounding (the noise stays Gaussian).
 *
 * @param noiseSigma σ ≥ 0 in units of the [0, 1] intensity range (e.g. 2.55/255 or 7.65/255)
 * @param seed noise seed
 * @serial exclude
 */
public record BlurDegradation(double noiseSigma, long seed) implements Serializable {
  /** {@link SeededRandom} stream of the noise of blurred images. */
  public static final long NOISE_STREAM = 13;

  /**
   * Checks σ.
   *
   * @param noiseSigma σ, finite and ≥ 0
   * @param seed noise seed
   */
  public BlurDegradation {
    if (!(noiseSigma >= 0) || Double.isInfinite(noiseSigma)) {
      throw new IllegalArgumentException("noiseSigma must be finite and >= 0, got " + noiseSigma);
    }
  }

  /**
   * The blurred, noisy version of {@code clean}.
   *
   * @param clean x (not modified)
   * @param kernel k
   * @param index example index: the noise stream
   * @return y = k ∗ x + σ·n, a new image
   */
  public GrayImage apply(GrayImage clean, BlurKernel kernel, long index) {
    return apply(clean, new CircularBlur(new BlurSpectrum(kernel, clean.shape())), index);
  }

  /**
   * Same, with a caller-owned blur (reused across images of its shape; not thread-safe).
   *
   * @param clean x (not modified)
   * @param blur the blur by the kernel on images of {@code clean}'s shape
   * @param index example index: the noise stream
   * @return y = k ∗ x + σ·n, a new image
   */
  public GrayImage apply(GrayImage clean, CircularBlur blur, long index) {
    if (!blur.spectrum().shape().equals(clean.shape())) {
      throw new IllegalArgumentException("blur is for " + blur.spectrum().shape() + " images, got "
          + clean.shape());
    }
    double[] y = new double[clean.pixels().length];
    blur.apply(clean.pixels(), y);
    if (noiseSigma > 0) {
      SeededRandom rng = new SeededRandom(seed, NOISE_STREAM, index);
      for (int p = 0; p < y.length; p++) {
        y[p] += noiseSigma * rng.nextGaussian();
      }
    }
    return new GrayImage(clean.height(), clean.width(), y);
  }
}
