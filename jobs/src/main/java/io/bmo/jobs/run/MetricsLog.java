package io.bmo.jobs.run;

import io.bmo.core.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-step metrics of a run, kept in memory and written as CSV: {@code step, loss, grad_norm}, then the problem's
 * named metrics in their fixed order, then {@code examples, seconds}. Values are printed with
 * {@link Double#toString} so a resumed run reads back exactly what it wrote.
 */
public final class MetricsLog {
  private final List<Trainer.StepMetrics> rows = new ArrayList<>();

  /**
   * Appends a step's metrics.
   *
   * @param m the step's metrics
   */
  public void add(Trainer.StepMetrics m) {
    rows.add(m);
  }

  /** {@return the steps' metrics, in order} */
  public List<Trainer.StepMetrics> rows() {
    return rows;
  }

  /**
   * Names of the problem's metrics (from the first row; empty when there are no rows).
   *
   * @return the names
   */
  public List<String> names() {
    return rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).values().keySet());
  }

  /**
   * Last finite value of a metric, or NaN.
   *
   * @param name the metric
   * @return the value
   */
  public double last(String name) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      double v = rows.get(i).value(name);
      if (Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  /**
   * The CSV text.
   *
   * @return the text
   */
  public String toCsv() {
    List<String> names = names();
    StringBuilder sb = new StringBuilder("step,loss,grad_norm");
    for (String n : names) {
      sb.append(',').append(n);
    }
    sb.append(",examples,seconds\n");
    for (Trainer.StepMetrics m : rows) {
      sb.append(m.step()).append(',').append(m.loss()).append(',').append(m.gradNorm());
      for (String n : names) {
        sb.append(',').append(m.value(n));
      }
      sb.append(',').append(m.examples()).append(',').append(m.seconds()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses CSV text written by {@link #toCsv}; {@code file} names the source in errors.
   *
   * @param text the CSV text
   * @param file names the source in errors
   * @return the log
   * @throws IOException when the text is not such a CSV
   */
  public static MetricsLog fromCsv(String text, String file) throws IOException {
    MetricsLog log = new MetricsLog();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return log;
    }
    String[] header = lines.get(0).split(",");
    int k = header.length;
    if (k < 5 || !header[0].equals("step") || !header[k - 1].equals("seconds")) {
      throw new IOException(file + ": not a bmo metrics CSV (header " + lines.get(0) + ")");
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length != k) {
        throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected " + k);
      }
      try {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int j = 3; j < k - 2; j++) {
          values.put(header[j], Double.parseDouble(f[j]));
        }
        log.add(new Trainer.StepMetrics(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            values, Long.parseLong(f[k - 2]), Double.parseDouble(f[k - 1])));
      } catch (NumberFormatException e) {
        throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return log;
  }
}
