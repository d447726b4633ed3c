package io.bmo.jobs.sweep;

/**
 * The table-based statistics that {@link Stats} replaced (t quantiles printed to three decimals up to 30 degrees of
 * freedom, a Cornish–Fisher expansion beyond), kept as the reference for {@code StatsTest}.
 *
 * Mean, sample standard deviation and two-sided 95 % Student-t confidence interval of the mean,
 * mean ± t₀.₉₇₅(n−1)·s/√n. With n = 1 the std and interval are NaN (unknown), not zero.
 */
record LegacyStats(int n, double mean, double std, double ciLow, double ciHigh) {
  /** t₀.₉₇₅ for 1..30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
      2.056, 2.052, 2.048, 2.045, 2.042};

  /** Stats of the finite values in {@code xs}. */
  static LegacyStats of(double[] xs) {
    int n = 0;
    double sum = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        n++;
        sum += x;
      }
    }
    if (n == 0) {
      return new LegacyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = sum / n;
    if (n == 1) {
      return new LegacyStats(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double ss = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        ss += (x - mean) * (x - mean);
      }
    }
    double std = Math.sqrt(ss / (n - 1));
    double half = t975(n - 1) * std / Math.sqrt(n);
    return new LegacyStats(n, mean, std, mean - half, mean + half);
  }

  /**
   * t₀.₉₇₅(df): the table up to 30, beyond it the Cornish–Fisher expansion to second order,
   * z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) with z = 1.959964 (error below 1e-4 for ν > 30).
   */
  static double t975(int df) {
    if (df < 1) {
      return Double.NaN;
    }
    if (df <= T975.length) {
      return T975[df - 1];
    }
    double z = 1.959964;
    double z3 = z * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * df * df);
  }
}
