package io.bmo.jobs.report;

import io.bmo.jobs.sweep.CsvTable;
import io.bmo.jobs.sweep.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objective over each dimension of a sweep's search space: one figure per swept key, a column per value of the
 * key holding the objective of every finished trial with that value (all configs and seeds), its mean and the 95 %
 * confidence interval of the mean. Numeric keys are ordered by value; more than {@link #MAX_COLUMNS} distinct
 * numeric values (random or TPE sampling of a range) are pooled into that many bins of equal trial count.
 */
final class DimensionView {
  /** Most columns of one figure. */
  static final int MAX_COLUMNS = 10;

  private DimensionView() {}

  /**
   * Writes {@code dimension_<key>.png} and its SVG for every swept key and appends the section.
   *
   * @param html the page
   * @param out the report directory
   * @param trials trials.csv
   * @param swept the swept keys
   * @param objective the objective metric (a column of trials.csv)
   * @throws IOException when a figure cannot be written
   */
  static void append(StringBuilder html, Path out, CsvTable trials, List<String> swept, String objective)
      throws IOException {
    int obj = trials.column(objective);
    int status = trials.column("status");
    if (obj < 0 || swept.isEmpty()) {
      return;
    }
    html.append("<h2>Objective by dimension</h2>\n<p>Every finished trial's ").append(Report.esc(objective))
        .append(" by the value of one swept key (all configs and seeds); bar = mean, whisker = 95 % CI.</p>\n");
    for (String key : swept) {
      int c = trials.column(key);
      if (c < 0) {
        continue;
      }
      List<String[]> points = new ArrayList<>();
      for (List<String> r : trials.rows()) {
        double v = CsvTable.number(r.get(obj));
        if (r.get(status).equals("finished") && Double.isFinite(v)) {
          points.add(new String[] {r.get(c), Double.toString(v)});
        }
      }
      SpreadChart chart = new SpreadChart(objective + " by " + key + " (every finished trial)", objective, "trial",
          "mean over trials");
      for (Map.Entry<String, double[]> col : columns(points).entrySet()) {
        Stats st = Stats.of(col.getValue());
        chart.add(new SpreadChart.Column(col.getKey(), col.getValue(), st.mean(), st.ciLow(), st.ciHigh()));
      }
      String file = "dimension_" + key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
      chart.write(out.resolve(file));
      html.append(Figures.html(file));
    }
  }

  /**
   * Column label → objective values: by distinct value (numeric order when every value is a number, else first
   * seen), or by bins of equal count when there are more than {@link #MAX_COLUMNS} distinct numbers.
   *
   * @param points (value of the key, objective) pairs
   * @return the columns, in display order
   */
  static Map<String, double[]> columns(List<String[]> points) {
    boolean numeric = points.stream().allMatch(p -> isNumber(p[0]));
    List<String[]> sorted = new ArrayList<>(points);
    if (numeric) {
      sorted.sort((a, b) -> Double.compare(Double.parseDouble(a[0]), Double.parseDouble(b[0])));
    }
    Map<String, List<Double>> byValue = new LinkedHashMap<>();
    for (String[] p : sorted) {
      byValue.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Double.parseDouble(p[1]));
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    if (!numeric || byValue.size() <= MAX_COLUMNS) {
      byValue.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
      return out;
    }
    int n = sorted.size();
    for (int b = 0; b < MAX_COLUMNS; b++) {
      int from = b * n / MAX_COLUMNS;
      int to = (b + 1) * n / MAX_COLUMNS;
      if (to > from) {
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
          v[i - from] = Double.parseDouble(sorted.get(i)[1]);
        }
        out.put(String.format(Locale.ROOT, "%.3g … %.3g", Double.parseDouble(sorted.get(from)[0]),
            Double.parseDouble(sorted.get(to - 1)[0])), v);
      }
    }
    return out;
  }

  private static boolean isNumber(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
