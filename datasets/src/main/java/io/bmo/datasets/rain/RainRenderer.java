package io.bmo.datasets.rain;

import io.bmo.core.imaging.GrayImage;

/** Makes the rainy image of example {@code index} from a clean one; the rain depends only on (seed, index, size). */
@FunctionalInterface
public interface RainRenderer {
  /**
   * The rainy image of example {@code index} (a new image; {@code clean} is not modified).
   *
   * @param clean the clean background, values in [0, 1]
   * @param index example index
   * @return the rainy image, values in [0, 1]
   */
  GrayImage apply(GrayImage clean, long index);
}
