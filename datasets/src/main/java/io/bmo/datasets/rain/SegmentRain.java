package io.bmo.datasets.rain;

import io.bmo.core.derain.RainSpec.Range;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.random.SeededRandom;
import java.util.Arrays;

/**
 * A second rain renderer, written apart from {@link io.bmo.core.derain.RainStreaks} and used by no training config:
 * held-out rain whose look the learned models never saw. Where {@code RainStreaks} draws Gaussian cross-sections with
 * a parabolic taper, sums overlapping drops and composites by the screen blend, this one draws every streak as a
 * hard-edged segment with analytic anti-aliasing, tapers it by a sine, lets overlapping streaks take the brighter
 * value, can defocus the layer and composites it over the background towards a rain colour.
 *
 * <p>For example {@code index} a generator {@code new SeededRandom(seed, STREAM, index)} draws the rain colour
 * c ~ U[colour], then per direction d: the angle θ_d ~ U[−maxAngle, maxAngle] degrees from vertical and
 * {@code round(density · H · W)} streaks, each as (centre row ~ U[−L_max/2, H + L_max/2), centre column likewise,
 * length L ~ U[length], width w ~ U[thickness], opacity a ~ U[opacity], angle θ_d + U[−jitter, jitter]), in that order
 * (each uniform draw one {@link Range#draw}, as the training rain draws its ranges).
 * A streak's value at a pixel centre that lies t along and e across it (t ∈ [−L/2, L/2]) is
 * {@code a · clamp(w/2 + 1/2 − e, 0, 1) · sin(π (t/L + 1/2))}: a box cross-section of width w integrated over the
 * pixel, zero at both ends. The layer is the maximum over streaks, then {@code blur} passes of the separable binomial
 * filter [1, 2, 1]/4 (edges replicated), and the rainy image {@code O = B + R (c − B)}: R is the rain's opacity, so
 * O stays in [0, 1] and a background brighter than the rain is darkened by it.
 *
 * @param directions rain directions per image (≥ 1)
 * @param density streaks per pixel per direction (≥ 0)
 * @param maxAngle the largest |angle| from vertical in degrees, [0, 90)
 * @param jitter per-streak angle spread in degrees (≥ 0)
 * @param length streak lengths in pixels (min &gt; 0)
 * @param thickness streak widths in pixels (min &gt; 0)
 * @param opacity streak opacities, within (0, 1]
 * @param colour rain colours, within [0, 1]
 * @param blur passes of the binomial blur over the layer (≥ 0)
 * @param seed the rain seed
 */
public record SegmentRain(int directions, double density, double maxAngle, double jitter, Range length, Range thickness,
    Range opacity, Range colour, int blur, long seed) implements RainRenderer {

  /** {@link SeededRandom} stream of this renderer (not the training rain's). */
  public static final long STREAM = 29;

  /**
   * Checks the ranges.
   *
   * @param directions rain directions per image (≥ 1)
   * @param density streaks per pixel per direction (≥ 0)
   * @param maxAngle the largest |angle| from vertical in degrees, [0, 90)
   * @param jitter per-streak angle spread in degrees (≥ 0)
   * @param length streak lengths in pixels (min &gt; 0)
   * @param thickness streak widths in pixels (min &gt; 0)
   * @param opacity streak opacities, within (0, 1]
   * @param colour rain colours, within [0, 1]
   * @param blur passes of the binomial blur over the layer (≥ 0)
   * @param seed the rain seed
   */
  public SegmentRain {
    check(directions >= 1, "directions must be >= 1");
    check(density >= 0 && Double.isFinite(density), "density must be >= 0");
    check(maxAngle >= 0 && maxAngle < 90, "maxAngle must be in [0, 90)");
    check(jitter >= 0 && Double.isFinite(jitter), "jitter must be >= 0");
    check(length != null && length.min() > 0, "length range must lie above 0");
    check(thickness != null && thickness.min() > 0, "thickness range must lie above 0");
    check(opacity != null && opacity.min() > 0 && opacity.max() <= 1, "opacity range must lie in (0, 1]");
    check(colour != null && colour.min() >= 0 && colour.max() <= 1, "colour range must lie in [0, 1]");
    check(blur >= 0, "blur must be >= 0");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("segment rain: " + what);
    }
  }

  /**
   * Light rain: one direction, thin streaks of moderate opacity, no blur.
   *
   * @param seed the rain seed
   * @return the renderer
   */
  public static SegmentRain light(long seed) {
    return new SegmentRain(1, 0.0025, 25, 4, new Range(12, 40), new Range(0.8, 1.8), new Range(0.35, 0.8),
        new Range(0.85, 1.0), 0, seed);
  }

  /**
   * Heavy rain: two directions, longer and wider streaks, defocused by one blur pass.
   *
   * @param seed the rain seed
   * @return the renderer
   */
  public static SegmentRain heavy(long seed) {
    return new SegmentRain(2, 0.0025, 35, 6, new Range(20, 60), new Range(1.0, 2.5), new Range(0.35, 0.8),
        new Range(0.8, 0.95), 1, seed);
  }

  /**
   * The rain's colour c and opacity layer R ∈ [0, 1] of example {@code index}, row-major, for an h×w image.
   *
   * @param height image height
   * @param width image width
   * @param index example index
   * @param layer receives R (length height·width; overwritten)
   * @return the rain colour c
   */
  public double layer(int height, int width, long index, double[] layer) {
    Arrays.fill(layer, 0.0);
    SeededRandom rng = new SeededRandom(seed, STREAM, index);
    double c = colour.draw(rng);
    long streaks = Math.round(density * height * width);
    for (int d = 0; d < directions; d++) {
      double angle = maxAngle * (2 * rng.nextDouble() - 1);
      for (long s = 0; s < streaks; s++) {
        double row = -length.max() / 2 + (height + length.max()) * rng.nextDouble();
        double col = -length.max() / 2 + (width + length.max()) * rng.nextDouble();
        double len = length.draw(rng);
        double w = thickness.draw(rng);
        double a = opacity.draw(rng);
        double theta = Math.toRadians(angle + jitter * (2 * rng.nextDouble() - 1));
        streak(layer, height, width, row, col, StrictMath.sin(theta), StrictMath.cos(theta), len, w, a);
      }
    }
    for (int pass = 0; pass < blur; pass++) {
      binomial(layer, height, width);
    }
    return c;
  }

  @Override
  public GrayImage apply(GrayImage clean, long index) {
    int h = clean.height();
    int w = clean.width();
    double[] r = new double[h * w];
    double c = layer(h, w, index, r);
    double[] b = clean.pixels();
    double[] o = new double[r.length];
    for (int p = 0; p < o.length; p++) {
      o[p] = b[p] + r[p] * (c - b[p]);
    }
    return new GrayImage(h, w, o);
  }

  /**
   * Draws one streak into {@code layer} by the maximum: centre (row, col), direction (dx, dy) = (sin θ, cos θ) in
   * (column, row), value {@code a · clamp(w/2 + 1/2 − e, 0, 1) · sin(π (t/L + 1/2))} (class comment).
   */
  static void streak(double[] layer, int height, int width, double row, double col, double dx, double dy,
      double length, double w, double opacity) {
    double half = length / 2;
    double reach = w / 2 + 0.5;
    int r0 = Math.max(0, (int) Math.floor(row - Math.abs(dy) * half - reach));
    int r1 = Math.min(height - 1, (int) Math.ceil(row + Math.abs(dy) * half + reach));
    int c0 = Math.max(0, (int) Math.floor(col - Math.abs(dx) * half - reach));
    int c1 = Math.min(width - 1, (int) Math.ceil(col + Math.abs(dx) * half + reach));
    for (int i = r0; i <= r1; i++) {
      double py = i - row;
      for (int j = c0; j <= c1; j++) {
        double px = j - col;
        double t = px * dx + py * dy;
        if (t <= -half || t >= half) {
          continue;
        }
        double cover = reach - Math.abs(py * dx - px * dy);
        if (cover <= 0) {
          continue;
        }
        double v = opacity * Math.min(1.0, cover) * StrictMath.sin(Math.PI * (t / length + 0.5));
        int p = i * width + j;
        if (v > layer[p]) {
          layer[p] = v;
        }
      }
    }
  }

  /** One pass of [1, 2, 1]/4 along rows, then along columns, edges replicated (in place). */
  static void binomial(double[] a, int height, int width) {
    double[] line = new double[Math.max(height, width) + 2];
    for (int i = 0; i < height; i++) {
      int o = i * width;
      line[0] = a[o];
      System.arraycopy(a, o, line, 1, width);
      line[width + 1] = a[o + width - 1];
      for (int j = 0; j < width; j++) {
        a[o + j] = 0.25 * line[j] + 0.5 * line[j + 1] + 0.25 * line[j + 2];
      }
    }
    for (int j = 0; j < width; j++) {
      line[0] = a[j];
      for (int i = 0; i < height; i++) {
        line[i + 1] = a[i * width + j];
      }
      line[height + 1] = a[(height - 1) * width + j];
      for (int i = 0; i < height; i++) {
        a[i * width + j] = 0.25 * line[i] + 0.5 * line[i + 1] + 0.25 * line[i + 2];
      }
    }
  }
}
