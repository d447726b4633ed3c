package io.bmo.jobs.report;

import io.bmo.core.family.TablePanel;
import com.fasterxml.jackson.databind.JsonNode;
import io.bmo.jobs.UserError;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.sweep.CsvTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks every file a report will read before {@link Report} creates its {@code report/} directory, so that a
 * damaged run or sweep directory gives one line naming the file and leaves the directory as it was.
 *
 * <p>Run directory: {@code metrics.csv} (the bmo metrics header and numeric rows), {@code manifest.json} and
 * {@code nmse_vs_layers.csv} when present. Sweep directory: {@code trials.csv} and {@code summary.csv} with the
 * columns the sweep writes ({@code trial_id, config_id, …, status, reason} and {@code rank, config_id, …, n}), every
 * row as wide as its header, {@code sweep.json} when present, and the run files of every finished trial.
 */
final class ReportInputs {
  private static final List<String> TRIAL_COLUMNS = List.of("trial_id", "config_id", "status", "reason");
  private static final List<String> SUMMARY_COLUMNS = List.of("rank", "config_id", "n");

  private ReportInputs() {}

  /** @throws UserError naming the first unreadable or malformed file */
  static void checkRun(Path dir) {
    check(dir.resolve("metrics.csv"), () -> RunDirs.metrics(dir));
    JsonNode manifest = json(dir.resolve("manifest.json"));
    String problem = manifest != null && manifest.path("problem").isTextual() ? manifest.path("problem").asText()
        : null;
    for (TablePanel t : Panels.of(problem, "").tables()) {
      check(dir.resolve(t.file()), () -> RunDirs.table(dir, t.file(), t.x(), t.y()));
    }
  }

  /** @throws UserError naming the first unreadable or malformed file */
  static void checkSweep(Path dir) {
    CsvTable trials = table(dir.resolve("trials.csv"), TRIAL_COLUMNS);
    table(dir.resolve("summary.csv"), SUMMARY_COLUMNS);
    json(dir.resolve("sweep.json"));
    int status = trials.column("status");
    for (List<String> row : trials.rows()) {
      if (row.get(status).equals("finished")) {
        checkRun(dir.resolve("trials").resolve(row.get(0)));
      }
    }
  }

  private static CsvTable table(Path f, List<String> required) {
    CsvTable t = check(f, () -> CsvTable.parse(Files.readString(f)));
    for (String c : required) {
      if (t.column(c) < 0) {
        throw new UserError(f + ": not a sweep table (no column '" + c + "'; header " + t.header() + ")");
      }
    }
    if (!t.header().get(0).equals(required.get(0))) {
      throw new UserError(f + ": not a sweep table (first column '" + t.header().get(0) + "', expected '"
          + required.get(0) + "')");
    }
    for (int i = 0; i < t.rows().size(); i++) {
      if (t.rows().get(i).size() != t.header().size()) {
        throw new UserError(f + ": row " + (i + 1) + " has " + t.rows().get(i).size() + " fields, header "
            + t.header().size());
      }
    }
    return t;
  }

  /** The parsed file, or null when absent. */
  private static JsonNode json(Path f) {
    if (Files.isRegularFile(f)) {
      return check(f, () -> Json.parse(Files.readString(f), f.toString()));
    }
    return null;
  }

  /** A read that may fail. */
  @FunctionalInterface
  private interface Read<T> {
    T run() throws IOException;
  }

  private static <T> T check(Path f, Read<T> read) {
    try {
      return read.run();
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IndexOutOfBoundsException e) {
      String m = String.valueOf(e.getMessage()).replace('\n', ' ');
      throw new UserError(m.contains(f.toString()) ? m : f + ": " + m, e);
    }
  }
}
