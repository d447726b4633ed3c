package io.bmo.jobs.run;

import io.bmo.core.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-step metrics of a run, kept in memory and written as CSV (header + one row per step). */
public final class MetricsLog {
  /** CSV columns, in order. */
  public static final String HEADER =
      "step,loss,grad_norm,train_nmse_db,test_nmse_db,fixed_point_residual,adjoint_iterations,examples,seconds";

  private final List<Trainer.StepMetrics> rows = new ArrayList<>();

  public void add(Trainer.StepMetrics m) {
    rows.add(m);
  }

  public List<Trainer.StepMetrics> rows() {
    return rows;
  }

  /** Last row with a finite test NMSE, or NaN. */
  public double lastTestNmse() {
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (Double.isFinite(rows.get(i).testNmseDb())) {
        return rows.get(i).testNmseDb();
      }
    }
    return Double.NaN;
  }

  /** Writes the CSV atomically. */
  public void writeCsv(Path file) throws IOException {
    io.bmo.datasets.io.AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
  }

  /** The CSV text. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Trainer.StepMetrics m : rows) {
      sb.append(m.step()).append(',').append(m.loss()).append(',').append(m.gradNorm()).append(',')
          .append(m.trainNmseDb()).append(',').append(m.testNmseDb()).append(',').append(m.residual()).append(',')
          .append(m.adjointIterations()).append(',').append(m.examples()).append(',').append(m.seconds())
          .append('\n');
    }
    return sb.toString();
  }

  /** Reads a CSV written by {@link #writeCsv} (for resuming). */
  public static MetricsLog readCsv(Path file) throws IOException {
    return fromCsv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses CSV text; {@code file} names the source in errors. */
  public static MetricsLog fromCsv(String text, String file) throws IOException {
    MetricsLog log = new MetricsLog();
    List<String> lines = text.lines().toList();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 9) {
        throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 9");
      }
      log.add(new Trainer.StepMetrics(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
          Long.parseLong(f[7]), d(f[8])));
    }
    return log;
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }
}
