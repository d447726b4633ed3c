package io.bmo.jobs.report;

import io.bmo.core.train.Trainer;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.sweep.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Seed aggregation of per-step curves: at each step, mean and mean ± std over the runs that have a finite value. */
final class Curves {
  private Curves() {}

  /** The curve of {@code metric} ("loss" or a metric name) over runs, as a series with a ± std band. */
  static Series meanBand(String label, List<MetricsLog> runs, String metric) {
    TreeMap<Long, double[]> byStep = new TreeMap<>();
    for (int r = 0; r < runs.size(); r++) {
      for (Trainer.StepMetrics m : runs.get(r).rows()) {
        double v = metric.equals("loss") ? m.loss() : m.value(metric);
        byStep.computeIfAbsent(m.step() + 1, k -> filled(runs.size()))[r] = v;
      }
    }
    byStep.values().removeIf(a -> Stats.of(a).n() == 0);
    double[] x = new double[byStep.size()];
    double[] y = new double[x.length];
    double[] lo = new double[x.length];
    double[] hi = new double[x.length];
    int i = 0;
    for (var e : byStep.entrySet()) {
      Stats s = Stats.of(e.getValue());
      x[i] = e.getKey();
      y[i] = s.mean();
      double sd = Double.isNaN(s.std()) ? 0 : s.std();
      lo[i] = s.mean() - sd;
      hi[i] = s.mean() + sd;
      i++;
    }
    return new Series(label, x, y, runs.size() > 1 ? lo : null, runs.size() > 1 ? hi : null);
  }

  private static double[] filled(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  /** Mean over runs of curves (x, y) at each x that any of them has. */
  static Series meanOver(String label, List<double[][]> curves) {
    TreeMap<Double, List<Double>> at = new TreeMap<>();
    for (double[][] c : curves) {
      for (int i = 0; i < c[0].length; i++) {
        at.computeIfAbsent(c[0][i], k -> new ArrayList<>()).add(c[1][i]);
      }
    }
    double[] x = new double[at.size()];
    double[] y = new double[x.length];
    int i = 0;
    for (var e : at.entrySet()) {
      x[i] = e.getKey();
      y[i++] = Stats.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray()).mean();
    }
    return Series.line(label, x, y);
  }
}
