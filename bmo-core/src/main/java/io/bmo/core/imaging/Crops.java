package io.bmo.core.imaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic cutting of an image into {@code height × width} crops.
 *
 * <p>Order: top-left corners {@code (r, c)} in row-major order, {@code r = 0, stride, 2·stride, … ≤ H − height} and
 * likewise for c with the same stride; crops that would extend past the border are dropped (no padding). With
 * {@code stride = height = width} the crops tile the image without overlap.
 */
public final class Crops {
  private Crops() {}

  /** Number of crops {@link #cut} returns. */
  public static int count(GrayImage img, int height, int width, int stride) {
    validate(height, width, stride);
    if (img.height() < height || img.width() < width) {
      return 0;
    }
    return ((img.height() - height) / stride + 1) * ((img.width() - width) / stride + 1);
  }

  /** The crops, copied, in the order described in the class comment. */
  public static List<GrayImage> cut(GrayImage img, int height, int width, int stride) {
    List<GrayImage> out = new ArrayList<>(count(img, height, width, stride));
    for (int r = 0; r + height <= img.height(); r += stride) {
      for (int c = 0; c + width <= img.width(); c += stride) {
        double[] px = new double[height * width];
        for (int i = 0; i < height; i++) {
          System.arraycopy(img.pixels(), (r + i) * img.width() + c, px, i * width, width);
        }
        out.add(new GrayImage(height, width, px));
      }
    }
    return out;
  }

  private static void validate(int height, int width, int stride) {
    if (height < 1 || width < 1 || stride < 1) {
      throw new IllegalArgumentException("crop size and stride must be positive, got " + height + "x" + width
          + " stride " + stride);
    }
  }
}
