package io.bmo.jobs.report;

/**
 * One curve of a {@link LineChart}: y over x with an optional band [lo, hi] (NaN entries are gaps).
 *
 * @param lo lower band edge per point, or null for no band
 * @param hi upper band edge per point, or null for no band
 */
public record Series(String label, double[] x, double[] y, double[] lo, double[] hi) {
  /**
   * Checks that the arrays have the same length.
   *
   * @param label the legend label
   * @param x x per point
   * @param y y per point
   * @param lo lower band edge per point, or null
   * @param hi upper band edge per point, or null
   */
  public Series {
    if (x.length != y.length || (lo != null && lo.length != x.length) || (hi != null && hi.length != x.length)) {
      throw new IllegalArgumentException("series arrays differ in length");
    }
  }

  /**
   * A curve without a band.
   *
   * @param label the legend label
   * @param x x per point
   * @param y y per point
   * @return the series
   */
  public static Series line(String label, double[] x, double[] y) {
    return new Series(label, x, y, null, null);
  }
}
