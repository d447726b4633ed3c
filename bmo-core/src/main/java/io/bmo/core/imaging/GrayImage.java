package io.bmo.core.imaging;

import java.util.List;

/**
 * A gray image with values nominally in [0, 1], row-major: pixel (i, j) at {@code pixels[i · width + j]} (the layout of
 * {@link ImageShape}). The array is not copied; treat it as owned by the image.
 */
public record GrayImage(int height, int width, double[] pixels) {
  public GrayImage {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (pixels == null || pixels.length != height * width) {
      throw new IllegalArgumentException("a " + height + "x" + width + " image needs " + height * width
          + " pixels, got " + (pixels == null ? "null" : pixels.length));
    }
  }

  public ImageShape shape() {
    return new ImageShape(height, width);
  }

  public double get(int i, int j) {
    return pixels[i * width + j];
  }

  /** Concatenates same-shaped images into one block (the layout bmo-core's imaging classes expect). */
  public static double[] stack(List<GrayImage> images) {
    if (images.isEmpty()) {
      return new double[0];
    }
    GrayImage first = images.get(0);
    int n = first.height * first.width;
    double[] block = new double[images.size() * n];
    for (int b = 0; b < images.size(); b++) {
      GrayImage g = images.get(b);
      if (g.height != first.height || g.width != first.width) {
        throw new IllegalArgumentException("image " + b + " is " + g.height + "x" + g.width + ", expected "
            + first.height + "x" + first.width);
      }
      System.arraycopy(g.pixels, 0, block, b * n, n);
    }
    return block;
  }

  /** Image {@code b} of a block, copied. */
  public static GrayImage fromBlock(double[] block, ImageShape shape, int b) {
    int n = shape.pixels();
    return new GrayImage(shape.height(), shape.width(), java.util.Arrays.copyOfRange(block, b * n, (b + 1) * n));
  }
}
