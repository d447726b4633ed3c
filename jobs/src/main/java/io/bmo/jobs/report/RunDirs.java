package io.bmo.jobs.report;

import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.sweep.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the files of a run directory for reports. */
final class RunDirs {
  private RunDirs() {}

  static MetricsLog metrics(Path runDir) throws IOException {
    Path f = runDir.resolve("metrics.csv");
    return Files.isRegularFile(f) ? MetricsLog.fromCsv(Files.readString(f), f.toString()) : new MetricsLog();
  }

  /**
   * {@code nmse_vs_layers.csv} as a series (x = the first column, layers; y = the test NMSE in dB: the column named
   * {@code test_nmse_db}, else the first column whose name contains "db", else the second column), or null.
   */
  static double[][] nmseVsLayers(Path runDir) throws IOException {
    Path f = runDir.resolve("nmse_vs_layers.csv");
    if (!Files.isRegularFile(f)) {
      return null;
    }
    CsvTable t = CsvTable.parse(Files.readString(f));
    if (t.header().size() < 2 || t.rows().isEmpty()) {
      return null;
    }
    int yc = t.column("test_nmse_db");
    for (int i = 1; i < t.header().size() && yc < 0; i++) {
      if (t.header().get(i).toLowerCase(java.util.Locale.ROOT).contains("db")) {
        yc = i;
      }
    }
    if (yc < 0) {
      yc = 1;
    }
    double[] x = new double[t.rows().size()];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = CsvTable.number(t.rows().get(i).get(0));
      y[i] = CsvTable.number(t.rows().get(i).get(yc));
    }
    return new double[][] {x, y};
  }
}
