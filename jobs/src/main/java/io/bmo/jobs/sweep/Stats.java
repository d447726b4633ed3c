package io.bmo.jobs.sweep;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Mean, sample standard deviation s (divisor n − 1) and two-sided 95 % Student-t confidence interval of the mean,
 * mean ± t₀.₉₇₅(n−1)·s/√n, over the finite values of a sample (commons-math3: two-pass corrected mean and variance,
 * the t quantile by inverting the t distribution's CDF). With n = 1 the std and interval are NaN (unknown), not
 * zero; with n = 0 everything is NaN.
 */
public record Stats(int n, double mean, double std, double ciLow, double ciHigh) {
  /** Absolute accuracy of the inverted t CDF: far below the 17 significant digits printed in summary.csv. */
  private static final double QUANTILE_ACCURACY = 1e-13;

  /** Stats of the finite values in {@code xs} (not modified). */
  public static Stats of(double[] xs) {
    double[] v = Arrays.stream(xs).filter(Double::isFinite).toArray();
    int n = v.length;
    if (n == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = new Mean().evaluate(v);
    if (n == 1) {
      return new Stats(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double std = new StandardDeviation(true).evaluate(v, mean);
    double half = t975(n - 1) * std / Math.sqrt(n);
    return new Stats(n, mean, std, mean - half, mean + half);
  }

  /** t₀.₉₇₅(df), the 97.5 % quantile of Student's t with {@code df} degrees of freedom; NaN for df &lt; 1. */
  public static double t975(int df) {
    if (df < 1) {
      return Double.NaN;
    }
    return new TDistribution(null, df, QUANTILE_ACCURACY).inverseCumulativeProbability(0.975);
  }
}
