package io.bmo.core.imaging;

import io.bmo.core.random.SeededRandom;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.operator.ForwardOperator;
import java.io.Serializable;

/**
 * Synthesises the degraded observation of example {@code index}: {@code y = K x + σ·n}, with K from bmo-core's
 * {@link ForwardModel} (the same periodic-boundary operator the lower level uses, so there is no model mismatch) and
 * {@code n} standard normal from {@link SeededRandom} (seed, stream 5, index), drawn in pixel order. The result
 * depends only on (clean image, seed, index). No clamping (the noise model stays Gaussian).
 *
 * @param forward K (identity for denoising)
 * @param noiseSigma σ ≥ 0, in units of the [0, 1] intensity range
 * @param seed noise seed
 */
public record Degradation(ForwardModel forward, double noiseSigma, long seed) implements Serializable {
  /** {@link SeededRandom} stream of the noise of degraded images. */
  static final long NOISE_STREAM = 5;
  public Degradation {
    if (forward == null) {
      throw new IllegalArgumentException("forward model must be given (use ForwardModel.Identity for denoising)");
    }
    if (!(noiseSigma >= 0) || Double.isInfinite(noiseSigma)) {
      throw new IllegalArgumentException("noiseSigma must be finite and >= 0, got " + noiseSigma);
    }
  }

  /** Degraded version of one image. */
  public GrayImage apply(GrayImage clean, long index) {
    ImageShape shape = clean.shape();
    double[] y = new double[shape.pixels()];
    forward.create(shape, 1).apply(clean.pixels(), y, 1);
    addNoise(y, 0, shape.pixels(), index);
    return new GrayImage(clean.height(), clean.width(), y);
  }

  /**
   * Degraded block: image b of {@code clean} is example {@code indices[b]}.
   *
   * @return a new block of the same layout
   */
  public double[] applyBlock(double[] clean, ImageShape shape, long[] indices) {
    int images = indices.length;
    int n = shape.pixels();
    ForwardOperator k = forward.create(shape, images);
    double[] y = new double[images * n];
    k.apply(clean, y, images);
    for (int b = 0; b < images; b++) {
      addNoise(y, b * n, n, indices[b]);
    }
    return y;
  }

  private void addNoise(double[] y, int offset, int n, long index) {
    if (noiseSigma == 0) {
      return;
    }
    SeededRandom rng = new SeededRandom(seed, NOISE_STREAM, index);
    for (int p = offset; p < offset + n; p++) {
      y[p] += noiseSigma * rng.nextGaussian();
    }
  }
}
