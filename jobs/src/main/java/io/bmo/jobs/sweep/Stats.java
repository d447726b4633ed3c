package io.bmo.jobs.sweep;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation s (divisor n − 1) and two-sided 95 % Student-t confidence interval of the mean,
 * mean ± t₀.₉₇₅(n−1)·s/√n, over the finite values of a sample. With n = 1 the std and interval are NaN (unknown),
 * not zero; with n = 0 everything is NaN.
 *
 * <p>The t quantile comes from commons-math3 (inverting the t distribution's CDF). Mean and std are the plain
 * sequential sums Σx/n and √(Σ(x − mean)²/(n − 1)) in sample order, on purpose: commons-math3's {@code Mean} and
 * {@code Variance} add a correction term that moves some values by one ulp, and summary.csv's mean and std columns
 * stay bit-identical to those of earlier builds this way.
 */
public record Stats(int n, double mean, double std, double ciLow, double ciHigh) {
  /** Absolute accuracy of the inverted t CDF: far below the 17 significant digits printed in summary.csv. */
  private static final double QUANTILE_ACCURACY = 1e-13;

  /**
   * Stats of the finite values in {@code xs} (not modified).
   *
   * @param xs the values
   * @return their statistics
   */
  public static Stats of(double[] xs) {
    int n = 0;
    double sum = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        n++;
        sum += x;
      }
    }
    if (n == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = sum / n;
    if (n == 1) {
      return new Stats(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double ss = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        ss += (x - mean) * (x - mean);
      }
    }
    double std = Math.sqrt(ss / (n - 1));
    double half = t975(n - 1) * std / Math.sqrt(n);
    return new Stats(n, mean, std, mean - half, mean + half);
  }

  /**
   * t₀.₉₇₅(df), the 97.5 % quantile of Student's t with {@code df} degrees of freedom; NaN for df &lt; 1.
   *
   * @param df degrees of freedom
   * @return the quantile
   */
  public static double t975(int df) {
    if (df < 1) {
      return Double.NaN;
    }
    return new TDistribution(null, df, QUANTILE_ACCURACY).inverseCumulativeProbability(0.975);
  }
}
