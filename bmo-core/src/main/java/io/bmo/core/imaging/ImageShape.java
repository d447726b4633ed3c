package io.bmo.core.imaging;

import java.io.Serializable;

/**
 * Height and width of the gray images of a problem.
 *
 * <p>Storage convention used by every class in {@code io.bmo.core.imaging}: a block of {@code B} images is one
 * {@code double[]} of length {@code B · pixels()}; image {@code b} starts at offset {@code b · pixels()} and pixel
 * (row {@code i}, column {@code j}) of it sits at {@code b · pixels() + i · width + j} (row-major per image).
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
public record ImageShape(int height, int width) implements Serializable {
  public ImageShape {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width);
    }
    if ((long) height * width > Integer.MAX_VALUE / 64) {
      throw new IllegalArgumentException("image too large: " + height + "x" + width);
    }
  }

  /** Number of pixels {@code height · width}. */
  public int pixels() {
    return height * width;
  }

  @Override
  public String toString() {
    return height + "x" + width;
  }
}
