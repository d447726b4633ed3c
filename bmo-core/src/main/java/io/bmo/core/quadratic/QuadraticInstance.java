package io.bmo.core.quadratic;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Data of the quadratic anchor problem (see {@link QuadraticBilevelProblem}): matrices <b>shared by all samples</b>,
 * right-hand sides per sample. All matrices column-major.
 *
 * @param m dimension of x
 * @param p dimension of θ
 * @param r1 rows of A₁
 * @param r2 rows of A₂ and A₃, at least m
 * @param samples N ≥ 1
 * @param a1 {@code r1 × m}
 * @param a2 {@code r2 × m}, full column rank
 * @param a3 {@code r2 × p}
 * @param b1 {@code r1 × N}: column i is sample i's b₁
 * @param b2 {@code r2 × N}: column i is sample i's b₂
 */
public record QuadraticInstance(int m, int p, int r1, int r2, int samples, double[] a1, double[] a2, double[] a3,
    double[] b1, double[] b2) implements Serializable {
  public QuadraticInstance {
    if (m < 1 || p < 1 || r1 < 1 || samples < 1) {
      throw new IllegalArgumentException("dimensions must be positive: m=" + m + " p=" + p + " r1=" + r1
          + " samples=" + samples);
    }
    if (r2 < m) {
      throw new IllegalArgumentException("A2 needs at least m=" + m + " rows for full column rank, got r2=" + r2);
    }
    check("a1", a1, r1 * m);
    check("a2", a2, r2 * m);
    check("a3", a3, r2 * p);
    check("b1", b1, r1 * samples);
    check("b2", b2, r2 * samples);
  }

  private static void check(String name, double[] v, int len) {
    if (v == null || v.length != len) {
      throw new IllegalArgumentException(name + " must have " + len + " entries, got " + (v == null ? "null" : v.length));
    }
  }

  /**
   * Seeded instance: entries uniform in [−1, 1]; A₂ gets {@code 2·I} added to its top {@code m × m} block so it has
   * full column rank with singular values bounded away from 0. The shared matrices depend only on {@code seed};
   * sample i's (b₁, b₂) only on ({@code seed}, i).
   */
  public static QuadraticInstance generate(long seed, int m, int p, int r1, int r2, int samples) {
    if (m < 1 || p < 1 || r1 < 1 || samples < 1 || r2 < m) {
      throw new IllegalArgumentException("need positive dimensions and r2 >= m: m=" + m + " p=" + p + " r1=" + r1
          + " r2=" + r2 + " samples=" + samples);
    }
    SplittableRandom shared = new SplittableRandom(mix(seed, -1));
    double[] a1 = uniform(shared, r1 * m);
    double[] a2 = uniform(shared, r2 * m);
    for (int i = 0; i < m; i++) {
      a2[i * r2 + i] += 2.0;
    }
    double[] a3 = uniform(shared, r2 * p);
    double[] b1 = new double[r1 * samples];
    double[] b2 = new double[r2 * samples];
    for (int s = 0; s < samples; s++) {
      SplittableRandom rng = new SplittableRandom(mix(seed, s));
      for (int i = 0; i < r1; i++) {
        b1[s * r1 + i] = 2 * rng.nextDouble() - 1;
      }
      for (int i = 0; i < r2; i++) {
        b2[s * r2 + i] = 2 * rng.nextDouble() - 1;
      }
    }
    return new QuadraticInstance(m, p, r1, r2, samples, a1, a2, a3, b1, b2);
  }

  private static double[] uniform(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 2 * rng.nextDouble() - 1;
    }
    return v;
  }

  /** SplitMix64 finaliser of (seed, index): independent streams per index. */
  private static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 2);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
