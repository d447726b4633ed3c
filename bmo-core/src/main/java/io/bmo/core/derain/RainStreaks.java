package io.bmo.core.derain;

import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * Seeded synthetic rain streaks. For example {@code index} a generator {@code new SeededRandom(seed, RAIN_STREAM,
 * index)} draws, per direction {@code d = 1..directions}:
 * <ol>
 *   <li>the angle θ_d ~ U[angle] in degrees from vertical (the mean angle of the image when light, i.e. all streaks of
 *       one image share it up to ±{@link RainSpec#jitterDegrees()}), the length L ~ U[length] px, the width
 *       w ~ U[width] px and the intensity a ~ U[intensity];</li>
 *   <li>{@code round(density · H · W)} seeds at uniform pixel positions, each with strength s ~ U[0.5, 1] and its own
 *       angle θ_d + U[−jitter, jitter];</li>
 *   <li>each seed becomes a motion-blurred drop: a segment of length L centred on the seed, whose value at a pixel at
 *       distance t along and e across the segment is {@code s · exp(−e² / (2 (w/2)²)) · taper(t)}, with the taper
 *       {@code 1 − (2t/L)²} fading both ends.</li>
 * </ol>
 * The layer is {@code R = min(1, Σ_d a_d Σ_seeds drop)} and the rainy image the screen blend {@code O = B + R − B·R}
 * ({@link #screen}). Draw order: per direction θ, L, w, a, then per seed (row, column, s, jitter). The layer of
 * example i depends only on (seed, i, image size).
 */
public final class RainStreaks implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@link SeededRandom} stream of rain layers. */
  public static final long RAIN_STREAM = 11;
  /** Drops are drawn out to this many cross-section standard deviations (exp(−4.5) ≈ 1 %). */
  private static final double CUTOFF_SIGMAS = 3.0;

  private final RainSpec spec;
  private final long seed;

  public RainStreaks(RainSpec spec, long seed) {
    if (spec == null) {
      throw new IllegalArgumentException("rain spec must be given");
    }
    this.spec = spec;
    this.seed = seed;
  }

  public RainSpec spec() {
    return spec;
  }

  public long seed() {
    return seed;
  }

  /** The rain layer R ∈ [0, 1] of example {@code index} for an h×w image, row-major (a new array). */
  public double[] layer(int height, int width, long index) {
    double[] r = new double[height * width];
    SeededRandom rng = new SeededRandom(seed, RAIN_STREAM, index);
    for (int d = 0; d < spec.directions(); d++) {
      double angle = spec.angle().draw(rng);
      double length = spec.length().draw(rng);
      double sigma = spec.width().draw(rng) / 2;
      double amp = spec.intensity().draw(rng);
      long seeds = Math.round(spec.density() * height * width);
      for (long k = 0; k < seeds; k++) {
        int row = rng.nextInt(height);
        int col = rng.nextInt(width);
        double strength = 0.5 + 0.5 * rng.nextDouble();
        double theta = Math.toRadians(angle + spec.jitterDegrees() * (2 * rng.nextDouble() - 1));
        drop(r, height, width, row, col, StrictMath.sin(theta), StrictMath.cos(theta), length, sigma,
            amp * strength);
      }
    }
    for (int p = 0; p < r.length; p++) {
      r[p] = Math.min(1.0, r[p]);
    }
    return r;
  }

  /** The screen blend {@code b + r − b·r}: in [0, 1] for b, r in [0, 1]. */
  public static double screen(double b, double r) {
    return b + r - b * r;
  }

  /**
   * Adds one drop to {@code r} (modified): direction (dx, dy) = (sin θ, cos θ) (column, row), centre (row, col).
   */
  private static void drop(double[] r, int height, int width, int row, int col, double dx, double dy, double length,
      double sigma, double amp) {
    double half = length / 2;
    double reach = half + CUTOFF_SIGMAS * sigma;
    int i0 = Math.max(0, (int) Math.floor(row - reach));
    int i1 = Math.min(height - 1, (int) Math.ceil(row + reach));
    int j0 = Math.max(0, (int) Math.floor(col - reach));
    int j1 = Math.min(width - 1, (int) Math.ceil(col + reach));
    double cut = CUTOFF_SIGMAS * sigma;
    double inv2s2 = 1.0 / (2 * sigma * sigma);
    for (int i = i0; i <= i1; i++) {
      double y = i - row;
      for (int j = j0; j <= j1; j++) {
        double x = j - col;
        double along = x * dx + y * dy;
        double across = x * dy - y * dx;
        if (Math.abs(along) >= half || Math.abs(across) > cut) {
          continue;
        }
        double t = along / half;
        r[i * width + j] += amp * Math.exp(-across * across * inv2s2) * (1 - t * t);
      }
    }
  }
}
