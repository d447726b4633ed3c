package io.bmo.core.deconv;

import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * Seeded random camera-shake kernels for training: kernel {@code i} depends only on {@code (seed, i)} (drawn from
 * {@link SeededRandom} stream {@link #KERNEL_STREAM}, index i), never on which other kernels were made.
 *
 * <p><b>Model</b> (draws in this order):
 * <ol>
 *   <li>size {@code s = minSize + 2·U{0 … (maxSize − minSize)/2}} (odd), radius {@code r = (s − 1)/2};
 *   <li>initial heading θ₀ ~ U[0, 2π), shake {@code σ ~ U[SHAKE_MIN, SHAKE_MAX)}, fill {@code f ~ U[FILL_MIN, 1)};
 *   <li>a trajectory of {@link #STEPS} unit steps whose heading is a Gaussian random walk,
 *       {@code θ_t = θ_{t−1} + σ·N(0, 1)}, from the origin (smooth curves for small σ, tangles for large);
 *   <li>the polyline sampled at {@link #SAMPLES_PER_STEP} equally spaced points per step (constant speed: equal
 *       exposure per sample), shifted so that the samples' centroid is 0, scaled so that their largest coordinate
 *       magnitude is {@code f·r};
 *   <li>each sample splatted bilinearly (weight 1/#samples) on the {@code s × s} grid around the centre (r, r), then
 *       the taps normalised to sum 1.
 * </ol>
 * Invariants: taps ≥ 0, Σ taps = 1, and the kernel's centroid is its centre (bilinear splatting preserves first
 * moments), so the blur does not shift the image on average. Trigonometry uses {@link StrictMath}.
 *
 * @param seed kernel seed
 * @param minSize smallest size, odd, at least 3
 * @param maxSize largest size, odd, at least minSize, at most {@link #MAX_SIZE}
 */
public record MotionKernels(long seed, int minSize, int maxSize) implements Serializable {
  /** {@link SeededRandom} stream of motion kernels. */
  public static final long KERNEL_STREAM = 12;
  /** Steps of the trajectory. */
  public static final int STEPS = 64;
  /** Points per step at which the polyline is splatted (sub-pixel spacing at the largest sizes). */
  public static final int SAMPLES_PER_STEP = 8;
  /** Range of the heading's per-step standard deviation (radians). */
  public static final double SHAKE_MIN = 0.05;
  public static final double SHAKE_MAX = 0.6;
  /** Smallest fraction of the radius the trajectory spans. */
  public static final double FILL_MIN = 0.6;
  public static final int MAX_SIZE = 99;

  public MotionKernels {
    if (minSize < 3 || minSize % 2 == 0 || maxSize % 2 == 0 || maxSize < minSize || maxSize > MAX_SIZE) {
      throw new IllegalArgumentException("motion kernel sizes must be odd with 3 <= minSize <= maxSize <= " + MAX_SIZE
          + ", got " + minSize + ".." + maxSize);
    }
  }

  /** Sizes 7 … 25, a common training range. */
  public static MotionKernels standard(long seed) {
    return new MotionKernels(seed, 7, 25);
  }

  /** Kernel {@code index} (model in the class comment). */
  public BlurKernel kernel(long index) {
    SeededRandom rng = new SeededRandom(seed, KERNEL_STREAM, index);
    int size = minSize + 2 * rng.nextInt((maxSize - minSize) / 2 + 1);
    int r = size / 2;
    double theta = 2 * Math.PI * rng.nextDouble();
    double shake = SHAKE_MIN + (SHAKE_MAX - SHAKE_MIN) * rng.nextDouble();
    double fill = FILL_MIN + (1 - FILL_MIN) * rng.nextDouble();
    double[] px = new double[STEPS + 1];
    double[] py = new double[STEPS + 1];
    for (int t = 1; t <= STEPS; t++) {
      theta += shake * rng.nextGaussian();
      px[t] = px[t - 1] + StrictMath.cos(theta);
      py[t] = py[t - 1] + StrictMath.sin(theta);
    }
    int n = STEPS * SAMPLES_PER_STEP + 1;
    double[] sx = new double[n];
    double[] sy = new double[n];
    double cx = 0;
    double cy = 0;
    for (int k = 0; k < n; k++) {
      int t = Math.min(k / SAMPLES_PER_STEP, STEPS - 1);
      double a = (k - t * SAMPLES_PER_STEP) / (double) SAMPLES_PER_STEP;
      sx[k] = px[t] + a * (px[t + 1] - px[t]);
      sy[k] = py[t] + a * (py[t + 1] - py[t]);
      cx += sx[k];
      cy += sy[k];
    }
    cx /= n;
    cy /= n;
    double extent = 0;
    for (int k = 0; k < n; k++) {
      sx[k] -= cx;
      sy[k] -= cy;
      extent = Math.max(extent, Math.max(Math.abs(sx[k]), Math.abs(sy[k])));
    }
    double scale = fill * r / extent;
    double[] taps = new double[size * size];
    for (int k = 0; k < n; k++) {
      splat(taps, size, r + sy[k] * scale, r + sx[k] * scale, 1.0 / n);
    }
    double sum = 0;
    for (double v : taps) {
      sum += v;
    }
    for (int p = 0; p < taps.length; p++) {
      taps[p] /= sum;
    }
    return new BlurKernel(size, size, taps);
  }

  /** Bilinear splat of weight w at (row, col), both in [0, size − 1]. */
  private static void splat(double[] taps, int size, double row, double col, double w) {
    int i = (int) Math.floor(row);
    int j = (int) Math.floor(col);
    double fi = row - i;
    double fj = col - j;
    add(taps, size, i, j, w * (1 - fi) * (1 - fj));
    add(taps, size, i, j + 1, w * (1 - fi) * fj);
    add(taps, size, i + 1, j, w * fi * (1 - fj));
    add(taps, size, i + 1, j + 1, w * fi * fj);
  }

  private static void add(double[] taps, int size, int i, int j, double w) {
    if (w != 0) {
      taps[i * size + j] += w; // in range: coordinates lie in [r − f·r, r + f·r] with f < 1
    }
  }
}
