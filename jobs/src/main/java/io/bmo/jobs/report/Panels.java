package io.bmo.jobs.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-step metric panels of a report for a plug-in {@link ProblemFamily}: one chart per headline metric (its
 * label; log axis when its plot says so), curves added per run or per config (mean ± std over seeds). Built-in
 * problems keep the report's own panels ({@link #of} returns null).
 */
final class Panels {
  /** Writes one chart as an image of the report. */
  interface Sink {
    void image(String file, LineChart chart) throws IOException;
  }

  private final List<Metric> metrics;
  private final List<LineChart> charts = new ArrayList<>();

  private Panels(List<Metric> metrics, String titleSuffix) {
    this.metrics = metrics;
    for (Metric m : metrics) {
      charts.add(new LineChart(m.label() + titleSuffix, "step", m.label(), m.plot() == Metric.Plot.LOG));
    }
  }

  /** The panels of the family answering to {@code problem}; null for built-in problems or when unknown. */
  static Panels of(String problem, String titleSuffix) {
    return problem == null ? null : ProblemFamilies.find(problem)
        .map(f -> new Panels(f.headlineMetrics(), titleSuffix)).orElse(null);
  }

  /** The value of {@code problem} in a HOCON/JSON file (a sweep's base.conf), or null. */
  static String problemIn(Path conf) {
    if (!Files.isRegularFile(conf)) {
      return null;
    }
    Config c = ConfigFactory.parseFile(conf.toFile());
    return c.hasPath("problem") ? c.getString("problem") : null;
  }

  /** Adds the mean ± std curve of {@code runs} to every panel. */
  void add(String label, List<MetricsLog> runs) {
    for (int i = 0; i < metrics.size(); i++) {
      charts.get(i).add(Curves.meanBand(label, runs, metrics.get(i).name()));
    }
  }

  /** Writes every non-empty panel as {@code convergence_<metric>.png}. */
  void write(Sink sink) throws IOException {
    for (int i = 0; i < metrics.size(); i++) {
      sink.image("convergence_" + metrics.get(i).name() + ".png", charts.get(i));
    }
  }
}
