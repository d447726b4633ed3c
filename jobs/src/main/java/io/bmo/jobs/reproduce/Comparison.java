package io.bmo.jobs.reproduce;

/**
 * How far a reproduced ω is from the stored one.
 *
 * @param bitIdentical every entry has the same IEEE-754 bits
 * @param mismatches number of entries whose bits differ
 * @param maxAbsDiff max_i |a_i − b_i|
 * @param maxRelDiff max_i |a_i − b_i| / max(|b_i|, {@link #TINY}) (b = stored)
 */
public record Comparison(boolean bitIdentical, int mismatches, double maxAbsDiff, double maxRelDiff) {
  /** Floor of the denominator so entries at exactly zero do not divide by zero (far below any ω entry's scale). */
  public static final double TINY = 1e-300;

  /**
   * Compares a reproduced ω {@code a} with the stored {@code b} (same length).
   *
   * @param a the reproduced values
   * @param b the stored values
   * @return the comparison
   */
  public static Comparison of(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("omega sizes differ: " + a.length + " vs " + b.length);
    }
    int mismatches = 0;
    double maxAbs = 0;
    double maxRel = 0;
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        mismatches++;
        double d = Math.abs(a[i] - b[i]);
        if (Double.isNaN(d)) {
          d = Double.POSITIVE_INFINITY;
        }
        maxAbs = Math.max(maxAbs, d);
        maxRel = Math.max(maxRel, d / Math.max(Math.abs(b[i]), TINY));
      }
    }
    return new Comparison(mismatches == 0, mismatches, maxAbs, maxRel);
  }
}
