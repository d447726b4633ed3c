package io.bmo.core.derain;

import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * One side (training or test) of the deraining family's data: example i is a C×C crop of one of the images with
 * seeded rain composited by the screen blend {@code O = B + R − B·R}, all drawn from (seed, i) only. A fraction
 * {@code heavyFraction} of the examples (chosen by a draw of stream {@link #MIX_STREAM}) get the heavy spec, the
 * others the light one, so one model sees both one- and multi-direction rain.
 *
 * <p>Draws: crop from {@link SeededRandom} (seed, {@link #CROP_STREAM}, i): image index, then row and column; the
 * spec choice from (seed, {@link #MIX_STREAM}, i); the rain layer from {@link RainStreaks} (spec, seed) at index i.
 *
 * @param images the clean images
 * @param count number of examples
 * @param seed seed of crops, spec choice and rain
 * @param light the spec of light rain
 * @param heavy the spec of heavy rain
 * @param heavyFraction probability of the heavy spec, in [0, 1]
 */
public record RainExamples(ImageBank images, long count, long seed, RainSpec light, RainSpec heavy,
    double heavyFraction) implements Serializable {
  /** {@link SeededRandom} stream of the crops. */
  public static final long CROP_STREAM = 31;
  /** {@link SeededRandom} stream of the light/heavy choice. */
  public static final long MIX_STREAM = 32;

  public RainExamples {
    if (images == null || count < 0 || light == null || heavy == null || !(heavyFraction >= 0 && heavyFraction <= 1)) {
      throw new IllegalArgumentException("rain examples need images, count >= 0, both specs and a heavy fraction in"
          + " [0, 1]");
    }
  }

  /**
   * Fills example i: the clean crop and the rainy observation, both C×C row-major.
   *
   * @param clean clean crop B*. Modified.
   * @param rainy rainy crop O. Modified.
   */
  public void example(long i, int crop, double[] clean, double[] rainy) {
    images.crop(new SeededRandom(seed, CROP_STREAM, i), crop, clean);
    boolean isHeavy = new SeededRandom(seed, MIX_STREAM, i).nextDouble() < heavyFraction;
    double[] layer = new RainStreaks(isHeavy ? heavy : light, seed).layer(crop, crop, i);
    for (int p = 0; p < layer.length; p++) {
      rainy[p] = RainStreaks.screen(clean[p], layer[p]);
    }
  }
}
