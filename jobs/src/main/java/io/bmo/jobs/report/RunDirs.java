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
   * A table of the run directory as a series: x = column {@code x} (else the first), y = column {@code y} (else the
   * second); null when the file is absent or has no rows.
   */
  static double[][] table(Path runDir, String file, String x, String y) throws IOException {
    Path f = runDir.resolve(file);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    CsvTable t = CsvTable.parse(Files.readString(f));
    if (t.header().size() < 2 || t.rows().isEmpty()) {
      return null;
    }
    int xc = Math.max(0, t.column(x));
    int yc = t.column(y) >= 0 ? t.column(y) : 1;
    double[] xs = new double[t.rows().size()];
    double[] ys = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = CsvTable.number(t.rows().get(i).get(xc));
      ys[i] = CsvTable.number(t.rows().get(i).get(yc));
    }
    return new double[][] {xs, ys};
  }
}
