package io.bmo.datasets.rain;

import io.bmo.core.derain.RainSpec;
import io.bmo.core.derain.RainStreaks;
import io.bmo.core.imaging.GrayImage;
import java.io.Serializable;

/**
 * Seeded synthetic rain streaks on {@link GrayImage}s: the generator is bmo-core's {@link RainStreaks} (its comment
 * gives the draws), so the deraining family and these datasets make the same rain for the same (spec, seed, index).
 * The rainy image is the screen blend {@code O = B + R − B·R} (package comment).
 */
public final class RainGenerator implements RainRenderer, Serializable {
  private static final long serialVersionUID = 1L;
  /** {@link io.bmo.core.random.SeededRandom} stream of rain layers. */
  public static final long RAIN_STREAM = RainStreaks.RAIN_STREAM;

  /** The streak renderer. */
  private final RainStreaks streaks;

  /**
   * Rain of {@code spec}; the layer of example i depends only on (seed, i).
   *
   * @param spec the streak settings
   * @param seed the rain seed
   */
  public RainGenerator(RainSpec spec, long seed) {
    this.streaks = new RainStreaks(spec, seed);
  }

  /** {@return the rain settings} */
  public RainSpec spec() {
    return streaks.spec();
  }

  /**
   * The rain layer R ∈ [0, 1] of example {@code index} for an image of the given size (a new image).
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @param index example index
   * @return R
   */
  public GrayImage layer(int height, int width, long index) {
    return new GrayImage(height, width, streaks.layer(height, width, index));
  }

  /**
   * The rainy image {@code O = B + R − B·R} of example {@code index} (a new image; {@code clean} is not modified).
   *
   * @param clean B (not modified)
   * @param index example index
   * @return O
   */
  @Override
  public GrayImage apply(GrayImage clean, long index) {
    double[] r = streaks.layer(clean.height(), clean.width(), index);
    double[] b = clean.pixels();
    double[] o = new double[r.length];
    for (int p = 0; p < o.length; p++) {
      o[p] = screen(b[p], r[p]);
    }
    return new GrayImage(clean.height(), clean.width(), o);
  }

  /**
   * The screen blend {@code b + r − b·r}: in [0, 1] for b, r in [0, 1].
   *
   * @param b background intensity
   * @param r rain intensity
   * @return the blend
   */
  public static double screen(double b, double r) {
    return RainStreaks.screen(b, r);
  }
}
