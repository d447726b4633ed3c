package io.bmo.core.imaging;

import io.bmo.core.random.SeededRandom;

import java.io.Serializable;

/**
 * Seeded piecewise-smooth test images, so configurations run without real photographs. Image {@code i} depends only
 * on ({@code seed}, {@code i}) through {@link SeededRandom} (seed, stream 4, i).
 *
 * <p>Construction, in normalised coordinates {@code (u, v) = (j / width, i / height)}: a background with a linear
 * ramp in a random direction; then 3–6 shapes painted in order, each an axis-aligned rectangle or a disk filled with
 * its own level plus a linear ramp, and with probability ½ an oriented sinusoidal texture (amplitude 0.03–0.10,
 * period 3–10 pixels). Values are clamped to [0, 1].
 *
 * @param seed data-set seed
 * @param height rows, positive
 * @param width columns, positive
 */
public record SyntheticImages(long seed, int height, int width) implements Serializable {
  /** {@link SeededRandom} stream of the synthetic images. */
  static final long IMAGE_STREAM = 4;
  private static final int MIN_SHAPES = 3;
  private static final int MAX_EXTRA_SHAPES = 3;

  public SyntheticImages {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("synthetic image size must be positive, got " + height + "x" + width);
    }
  }

  /** Image {@code i}. */
  public GrayImage image(long i) {
    SeededRandom rng = new SeededRandom(seed, IMAGE_STREAM, i);
    double[] px = new double[height * width];
    double base = 0.2 + 0.6 * rng.nextDouble();
    double angle = 2 * Math.PI * rng.nextDouble();
    double slope = 0.3 * (2 * rng.nextDouble() - 1);
    double cu = StrictMath.cos(angle);
    double cv = StrictMath.sin(angle);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double u = c / (double) width - 0.5;
        double v = r / (double) height - 0.5;
        px[r * width + c] = base + slope * (cu * u + cv * v);
      }
    }
    int shapes = MIN_SHAPES + rng.nextInt(MAX_EXTRA_SHAPES + 1);
    for (int s = 0; s < shapes; s++) {
      paintShape(px, rng);
    }
    for (int k = 0; k < px.length; k++) {
      px[k] = Math.min(1.0, Math.max(0.0, px[k]));
    }
    return new GrayImage(height, width, px);
  }

  private void paintShape(double[] px, SeededRandom rng) {
    boolean disk = rng.nextDouble() < 0.5;
    double cu = rng.nextDouble();
    double cv = rng.nextDouble();
    double su = 0.1 + 0.3 * rng.nextDouble();
    double sv = disk ? su : 0.1 + 0.3 * rng.nextDouble();
    double level = rng.nextDouble();
    double angle = 2 * Math.PI * rng.nextDouble();
    double slope = 0.4 * (2 * rng.nextDouble() - 1);
    double gu = StrictMath.cos(angle);
    double gv = StrictMath.sin(angle);
    boolean textured = rng.nextDouble() < 0.5;
    double amp = 0.03 + 0.07 * rng.nextDouble();
    double period = 3 + 7 * rng.nextDouble();
    double tAngle = Math.PI * rng.nextDouble();
    double phase = 2 * Math.PI * rng.nextDouble();
    double tu = StrictMath.cos(tAngle);
    double tv = StrictMath.sin(tAngle);
    double aspect = width / (double) height;
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double u = c / (double) width;
        double v = r / (double) height;
        boolean inside;
        if (disk) {
          double du = (u - cu) * aspect;
          double dv = v - cv;
          inside = du * du + dv * dv <= su * su;
        } else {
          inside = Math.abs(u - cu) <= su / 2 && Math.abs(v - cv) <= sv / 2;
        }
        if (!inside) {
          continue;
        }
        double val = level + slope * (gu * (u - cu) + gv * (v - cv));
        if (textured) {
          val += amp * StrictMath.sin(2 * Math.PI * (tu * c + tv * r) / period + phase);
        }
        px[r * width + c] = val;
      }
    }
  }
}
