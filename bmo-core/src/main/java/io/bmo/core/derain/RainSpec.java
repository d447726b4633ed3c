package io.bmo.core.derain;

import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * Parameters of {@link RainStreaks}; every random quantity is a closed range drawn uniformly per image.
 *
 * @param directions number of streak directions per image, ≥ 1 (1 = light rain, Rain100L-like)
 * @param density seeds per pixel and direction, in (0, 1]
 * @param angle streak angle in degrees from vertical, within [−90, 90]
 * @param jitterDegrees per-streak deviation from the image's angle, ≥ 0
 * @param length streak length in pixels, ≥ 1
 * @param width streak width (twice the Gaussian cross-section σ) in pixels, &gt; 0
 * @param intensity peak brightness added by a streak, in (0, 1]
 */
public record RainSpec(int directions, double density, Range angle, double jitterDegrees, Range length, Range width,
    Range intensity) implements Serializable {

  public RainSpec {
    if (directions < 1) {
      throw new IllegalArgumentException("rain directions must be >= 1, got " + directions);
    }
    if (!(density > 0 && density <= 1)) {
      throw new IllegalArgumentException("rain density must be in (0, 1], got " + density);
    }
    if (angle == null || length == null || width == null || intensity == null) {
      throw new IllegalArgumentException("rain angle, length, width and intensity ranges must be given");
    }
    if (angle.min() < -90 || angle.max() > 90) {
      throw new IllegalArgumentException("rain angle must be within [-90, 90] degrees, got " + angle);
    }
    if (!(jitterDegrees >= 0 && jitterDegrees <= 45)) {
      throw new IllegalArgumentException("rain jitterDegrees must be in [0, 45], got " + jitterDegrees);
    }
    if (length.min() < 1) {
      throw new IllegalArgumentException("rain length must be >= 1 px, got " + length);
    }
    if (!(width.min() > 0)) {
      throw new IllegalArgumentException("rain width must be > 0 px, got " + width);
    }
    if (!(intensity.min() > 0 && intensity.max() <= 1)) {
      throw new IllegalArgumentException("rain intensity must be in (0, 1], got " + intensity);
    }
  }

  /** Light rain: one direction per image within ±25° of vertical, sparse thin streaks of 10–30 px. */
  public static RainSpec light() {
    return new RainSpec(1, 0.003, new Range(-25, 25), 2, new Range(10, 30), new Range(1, 2), new Range(0.25, 0.6));
  }

  /** Heavy rain: three directions, denser, longer and wider streaks. */
  public static RainSpec heavy() {
    return new RainSpec(3, 0.0015, new Range(-40, 40), 4, new Range(20, 40), new Range(1.5, 2.5), new Range(0.3, 0.6));
  }

  /** A closed interval [min, max], min ≤ max, both finite. */
  public record Range(double min, double max) implements Serializable {
    public Range {
      if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
        throw new IllegalArgumentException("range needs finite min <= max, got [" + min + ", " + max + "]");
      }
    }

    /**
     * {@code min + (max − min) · u}, u = one {@link SeededRandom#nextDouble()} (consumed even if min = max).
     *
     * @param rng the generator (advanced by one double)
     * @return the draw
     */
    public double draw(SeededRandom rng) {
      return min + (max - min) * rng.nextDouble();
    }

    @Override
    public String toString() {
      return "[" + min + ", " + max + "]";
    }
  }
}
