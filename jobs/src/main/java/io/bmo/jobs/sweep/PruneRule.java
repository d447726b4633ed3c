package io.bmo.jobs.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Median pruning: a trial is stopped at step t ≥ {@code warmup} when its upper loss is above {@code median[t]}, the
 * median loss at step t of the reference trials (finished trials of earlier waves), provided at least
 * {@code minTrials} of them reached step t.
 *
 * @param median median reference loss per step
 * @param count number of reference trials that reached each step
 * @param warmup first step at which a trial may be pruned
 * @param minTrials reference trials needed at a step to prune there
 * @serial exclude
 */
public record PruneRule(double[] median, int[] count, int warmup, int minTrials) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Builds the rule from the per-step losses of the reference trials.
   *
   * @param referenceLosses per-step upper losses of each reference trial
   * @param warmup first step at which a trial may be pruned
   * @param minTrials reference trials needed at a step to prune there
   * @return the rule
   */
  public static PruneRule of(List<double[]> referenceLosses, int warmup, int minTrials) {
    int len = referenceLosses.stream().mapToInt(l -> l.length).max().orElse(0);
    double[] median = new double[len];
    int[] count = new int[len];
    for (int t = 0; t < len; t++) {
      List<Double> at = new ArrayList<>();
      for (double[] l : referenceLosses) {
        if (t < l.length && Double.isFinite(l[t])) {
          at.add(l[t]);
        }
      }
      count[t] = at.size();
      median[t] = median(at);
    }
    return new PruneRule(median, count, warmup, minTrials);
  }

  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  }

  /**
   * Whether a trial with upper loss {@code loss} at step {@code t} is stopped.
   *
   * @param t the step
   * @param loss the trial's upper loss at that step
   * @return whether to stop the trial
   */
  public boolean prune(long t, double loss) {
    return t >= warmup && t < median.length && count[(int) t] >= minTrials && loss > median[(int) t];
  }
}
