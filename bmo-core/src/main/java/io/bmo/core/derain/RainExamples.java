package io.bmo.core.derain;

import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * One side (training or test) of the deraining family's data: example i is a C×C crop of one of the images with
 * seeded rain, all drawn from (seed, i) only. A fraction {@code heavyFraction} of the examples (chosen by a draw of
 * stream {@link #MIX_STREAM}) get the heavy spec, the others the light one, so one model sees both one- and
 * multi-direction rain. The rain is composited by the screen blend {@code O = B + R − B·R}, or, for a fraction
 * {@code additiveFraction} of the examples, by the clipped sum {@code O = min(1, B + R)}: rain renderers differ in how
 * streaks meet bright backgrounds, and a model trained on one blend alone learns that blend.
 *
 * <p>Draws: crop from {@link SeededRandom} (seed, {@link #CROP_STREAM}, i): image index, then row and column; the
 * spec choice from (seed, {@link #MIX_STREAM}, i); the rain layer from {@link RainStreaks} (spec, seed) at index i;
 * the blend from (seed, {@link #BLEND_STREAM}, i), drawn only when {@code additiveFraction > 0} (so a fraction of 0
 * gives the screen-blend examples of before, bit for bit).
 *
 * @param images the clean images
 * @param count number of examples
 * @param seed seed of crops, spec choice and rain
 * @param light the spec of light rain
 * @param heavy the spec of heavy rain
 * @param heavyFraction probability of the heavy spec, in [0, 1]
 * @param additiveFraction probability of the clipped-sum blend, in [0, 1]
 */
public record RainExamples(ImageBank images, long count, long seed, RainSpec light, RainSpec heavy,
    double heavyFraction, double additiveFraction) implements Serializable {
  /** {@link SeededRandom} stream of the crops. */
  public static final long CROP_STREAM = 31;
  /** {@link SeededRandom} stream of the light/heavy choice. */
  public static final long MIX_STREAM = 32;
  /** {@link SeededRandom} stream of the blend choice. */
  public static final long BLEND_STREAM = 34;

  public RainExamples {
    if (images == null || count < 0 || light == null || heavy == null || !(heavyFraction >= 0 && heavyFraction <= 1)
        || !(additiveFraction >= 0 && additiveFraction <= 1)) {
      throw new IllegalArgumentException("rain examples need images, count >= 0, both specs, and heavy and additive"
          + " fractions in [0, 1]");
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
    boolean additive = additiveFraction > 0 && new SeededRandom(seed, BLEND_STREAM, i).nextDouble() < additiveFraction;
    for (int p = 0; p < layer.length; p++) {
      rainy[p] = additive ? Math.min(1.0, clean[p] + layer[p]) : RainStreaks.screen(clean[p], layer[p]);
    }
  }
}
