package io.bmo.jobs.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.family.TablePanel;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The family's panels of a report: one chart per headline metric against the step (its label; log axis when its
 * plot says so) and one per table panel ({@link ProblemFamily#reportTables()}, e.g. test NMSE against layers), curves
 * added per run or per config (mean ± std over seeds; tables: mean over the seeds that have the file). An unknown
 * problem gets no panels.
 */
final class Panels {
  /** Writes one chart as an image of the report; {@code whenEmpty} is shown instead of an empty chart (or null). */
  interface Sink {
    void image(String file, LineChart chart, String whenEmpty) throws IOException;
  }

  private final List<Metric> metrics;
  private final List<TablePanel> tables;
  private final List<LineChart> charts = new ArrayList<>();
  private final List<LineChart> tableCharts = new ArrayList<>();

  private Panels(List<Metric> metrics, List<TablePanel> tables, String titleSuffix) {
    this.metrics = metrics;
    this.tables = tables;
    for (Metric m : metrics) {
      charts.add(new LineChart(m.label() + titleSuffix, "step", m.label(), m.plot() == Metric.Plot.LOG));
    }
    for (TablePanel t : tables) {
      tableCharts.add(new LineChart(t.title() + titleSuffix.replace("mean ± std", "mean"), t.xLabel(), t.yLabel(),
          false));
    }
  }

  /**
   * The panels of the family answering to {@code problem} (null: the default problem, as in a config without the
   * key); none when it is unknown.
   */
  static Panels of(String problem, String titleSuffix) {
    String p = problem != null ? problem : ConfigLoader.defaults().getString("problem");
    ProblemFamily f = ProblemFamilies.find(p).orElse(null);
    return f == null ? new Panels(List.of(), List.of(), titleSuffix)
        : new Panels(f.headlineMetrics(), f.reportTables(), titleSuffix);
  }

  /** The value of {@code problem} in a HOCON/JSON file (a sweep's base.conf, a run's config.conf), or null. */
  static String problemIn(Path conf) {
    if (!Files.isRegularFile(conf)) {
      return null;
    }
    Config c = ConfigFactory.parseFile(conf.toFile());
    return c.hasPath("problem") ? c.getString("problem") : null;
  }

  /** The table panels' files, to check before drawing. */
  List<TablePanel> tables() {
    return tables;
  }

  /** Adds the curves of {@code runs} (their metrics and directories, in the same order) to every panel. */
  void add(String label, List<MetricsLog> runs, List<Path> dirs) throws IOException {
    for (int i = 0; i < metrics.size(); i++) {
      charts.get(i).add(Curves.meanBand(label, runs, metrics.get(i).name()));
    }
    for (int i = 0; i < tables.size(); i++) {
      TablePanel t = tables.get(i);
      List<double[][]> curves = new ArrayList<>();
      for (Path d : dirs) {
        double[][] c = RunDirs.table(d, t.file(), t.x(), t.y());
        if (c != null) {
          curves.add(c);
        }
      }
      if (!curves.isEmpty()) {
        tableCharts.get(i).add(Curves.meanOver(label, curves));
      }
    }
  }

  /** Writes every panel: {@code convergence_<metric>.png}, then each table's image. */
  void write(Sink sink) throws IOException {
    for (int i = 0; i < metrics.size(); i++) {
      sink.image("convergence_" + metrics.get(i).name() + ".png", charts.get(i), null);
    }
    for (int i = 0; i < tables.size(); i++) {
      sink.image(tables.get(i).image(), tableCharts.get(i), "No <code>" + tables.get(i).file()
          + "</code> in the run directories (<code>./submit.sh evaluate --run DIR</code> writes it).");
    }
  }
}
