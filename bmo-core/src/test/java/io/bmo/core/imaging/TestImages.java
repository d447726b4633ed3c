package io.bmo.core.imaging;

import java.util.SplittableRandom;

/** Seeded test data shared by the imaging tests: smooth-plus-edges images and random vectors. */
public final class TestImages {
  private TestImages() {}

  /** Uniform [−1, 1] entries from {@code SplittableRandom(seed)}. */
  public static double[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 2 * rng.nextDouble() - 1;
    }
    return v;
  }

  /** A block of piecewise-smooth images in [0, 1]: a gradient plus a bright square whose position depends on b. */
  public static double[] cartoon(ImageShape shape, int images, long seed) {
    int h = shape.height();
    int w = shape.width();
    double[] x = new double[images * shape.pixels()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int b = 0; b < images; b++) {
      int r0 = rng.nextInt(h / 2);
      int c0 = rng.nextInt(w / 2);
      double level = 0.5 + 0.4 * rng.nextDouble();
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          double v = 0.2 + 0.2 * (i + j) / (double) (h + w);
          if (i >= r0 && i < r0 + h / 2 && j >= c0 && j < c0 + w / 2) {
            v = level;
          }
          x[b * shape.pixels() + i * w + j] = v;
        }
      }
    }
    return x;
  }

  /** {@code clean + sigma · uniform noise·√3} (unit-variance uniform scaled by sigma). */
  public static double[] noisy(double[] clean, double sigma, long seed) {
    double[] n = random(clean.length, seed);
    double[] y = clean.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += sigma * Math.sqrt(3) * n[i];
    }
    return y;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  public static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** ‖a − b‖ / max(‖b‖, tiny). */
  public static double relDiff(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(d) / Math.max(norm(b), 1e-300);
  }

  public static double[] axpy(double[] x, double a, double[] v) {
    double[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += a * v[i];
    }
    return y;
  }
}
