package io.bmo.jobs.report;

import io.bmo.core.train.Trainer;
import io.bmo.jobs.UserError;
import io.bmo.jobs.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report DIR1 DIR2 …}: several runs on one problem compared against their cost — upper loss and the test
 * metric ({@code test_psnr} for imaging, {@code test_nmse_db} for sparse coding) vs the cumulative lower-level +
 * CG/reverse iterations ({@code cost_cumulative}, the papers' x-axis) and vs wall time (Σ step seconds). Writes
 * {@code compare_loss_vs_cost}, {@code compare_test_vs_cost}, {@code compare_test_vs_time} (each as .png and .svg),
 * a table of the cost each run needed to first reach a few test levels ({@code compare.csv}) and {@code index.html}.
 */
public final class CostComparison {
  /** A run as read for the comparison. */
  record Run(String label, MetricsLog metrics) {}

  private CostComparison() {}

  /**
   * Writes the comparison into {@code out}; returns its index.html.
   *
   * @param dirs the run directories
   * @param out the output directory
   * @return the page written
   * @throws IOException when a run cannot be read or a file cannot be written
   */
  public static Path write(List<Path> dirs, Path out) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Path d : dirs) {
      ReportInputs.checkRun(d);
      MetricsLog m = RunDirs.metrics(d);
      if (m.rows().isEmpty()) {
        throw new UserError(d + ": no metrics.csv with rows");
      }
      if (!m.names().contains("cost_cumulative")) {
        throw new UserError(d + ": metrics.csv has no cost_cumulative column (re-run with this build)");
      }
      runs.add(new Run(d.getFileName().toString(), m));
    }
    String test = runs.get(0).metrics().names().contains("test_psnr") ? "test_psnr" : "test_nmse_db";
    boolean higherBetter = test.equals("test_psnr");
    String unit = higherBetter ? "test PSNR [dB]" : "test NMSE [dB]";
    Files.createDirectories(out);
    LineChart loss = new LineChart("Upper loss vs cost", "cumulative lower-level + CG iterations", "upper loss",
        true);
    LineChart vsCost = new LineChart(unit + " vs cost", "cumulative lower-level + CG iterations", unit, false);
    LineChart vsTime = new LineChart(unit + " vs wall time", "seconds (sum of step times)", unit, false);
    for (Run r : runs) {
      loss.add(series(r, "loss", "cost_cumulative"));
      vsCost.add(series(r, test, "cost_cumulative"));
      vsTime.add(series(r, test, null));
    }
    loss.write(out.resolve("compare_loss_vs_cost.png"));
    vsCost.write(out.resolve("compare_test_vs_cost.png"));
    vsTime.write(out.resolve("compare_test_vs_time.png"));
    double common = Double.NaN;
    for (Run r : runs) {
      double best = best(r.metrics(), test, higherBetter);
      common = Double.isNaN(common) ? best : higherBetter ? Math.min(common, best) : Math.max(common, best);
    }
    double step = higherBetter ? -0.5 : 0.5;
    double[] levels = {common + 2 * step, common + step, common};
    StringBuilder csv = new StringBuilder("run,final_loss,best_" + test + ",cost_cumulative,seconds");
    for (double l : levels) {
      csv.append(String.format(Locale.ROOT, ",cost_to_%.2f", l));
    }
    csv.append('\n');
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>bmo comparison"
        + "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid"
        + " #ccc;padding:3px 7px;text-align:right}</style></head><body>\n<h1>Comparison against cost</h1>\n");
    html.append(Figures.html("compare_loss_vs_cost.png")).append(Figures.html("compare_test_vs_cost.png"))
        .append(Figures.html("compare_test_vs_time.png")).append("<table><tr>");
    for (String h : csv.toString().strip().split(",")) {
      html.append("<th>").append(Report.esc(h)).append("</th>");
    }
    html.append("</tr>\n");
    for (Run r : runs) {
      List<Trainer.StepMetrics> rows = r.metrics().rows();
      Trainer.StepMetrics last = rows.get(rows.size() - 1);
      List<String> f = new ArrayList<>(List.of(r.label(), fmt(last.loss()), fmt(best(r.metrics(), test,
          higherBetter)), fmt(last.value("cost_cumulative")), fmt(seconds(r.metrics()))));
      for (double l : levels) {
        f.add(fmt(costTo(r.metrics(), test, l, higherBetter)));
      }
      csv.append(String.join(",", f)).append('\n');
      html.append("<tr>");
      f.forEach(v -> html.append("<td>").append(Report.esc(v)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n<p>cost_to_X: cumulative cost at the first evaluation where the run's ").append(test)
        .append(higherBetter ? " ≥ " : " ≤ ").append("X (NaN: never).</p></body></html>\n");
    Files.writeString(out.resolve("compare.csv"), csv.toString());
    Path index = out.resolve("index.html");
    Files.writeString(index, html.toString());
    return index;
  }

  /** (x, metric) at the run's steps where the metric is finite; x = cost_cumulative, or Σ seconds when null. */
  static Series series(Run r, String metric, String xMetric) {
    List<double[]> pts = new ArrayList<>();
    double t = 0;
    for (Trainer.StepMetrics m : r.metrics().rows()) {
      t += m.seconds();
      double y = metric.equals("loss") ? m.loss() : m.value(metric);
      double x = xMetric == null ? t : m.value(xMetric);
      if (Double.isFinite(y) && Double.isFinite(x)) {
        pts.add(new double[] {x, y});
      }
    }
    double[] xs = new double[pts.size()];
    double[] ys = new double[pts.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = pts.get(i)[0];
      ys[i] = pts.get(i)[1];
    }
    return Series.line(r.label(), xs, ys);
  }

  static double best(MetricsLog m, String metric, boolean higherBetter) {
    double b = Double.NaN;
    for (Trainer.StepMetrics s : m.rows()) {
      double v = s.value(metric);
      if (Double.isFinite(v) && (Double.isNaN(b) || (higherBetter ? v > b : v < b))) {
        b = v;
      }
    }
    return b;
  }

  static double costTo(MetricsLog m, String metric, double level, boolean higherBetter) {
    for (Trainer.StepMetrics s : m.rows()) {
      double v = s.value(metric);
      if (Double.isFinite(v) && (higherBetter ? v >= level : v <= level)) {
        return s.value("cost_cumulative");
      }
    }
    return Double.NaN;
  }

  private static double seconds(MetricsLog m) {
    double t = 0;
    for (Trainer.StepMetrics s : m.rows()) {
      t += s.seconds();
    }
    return t;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.6g", v);
  }
}
