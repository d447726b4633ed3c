package io.bmo.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures its exit status, stdout and stderr. */
public final class CliRunner {
  /** Exit status and captured streams. */
  public record Result(int code, String out, String err) {
    /** The last non-empty stdout line (the JSON result line). */
    public String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private CliRunner() {}

  /** The bytes of a run's {@code omega/*.npy} files, in file-name order. */
  public static byte[][] omegaFiles(java.nio.file.Path run) throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(run.resolve("omega"))) {
      java.util.List<java.nio.file.Path> files = s.sorted().toList();
      byte[][] out = new byte[files.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = java.nio.file.Files.readAllBytes(files.get(i));
      }
      return out;
    }
  }

  public static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** {@code train CONFIG --out OUT --quiet EXTRA…} in this JVM. */
  public static Result train(java.nio.file.Path cfg, java.nio.file.Path out, String... extra) {
    java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train", cfg.toString(), "--out",
        out.toString(), "--quiet"));
    a.addAll(java.util.List.of(extra));
    return run(a.toArray(new String[0]));
  }

  /** Drops the timing columns ({@code seconds}, {@code *_seconds}) of a metrics CSV. */
  public static String stripTimes(String csv) {
    String[] lines = csv.split("\n");
    String[] header = lines[0].split(",", -1);
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      String[] cells = line.split(",", -1);
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < cells.length; c++) {
        if (c < header.length && (header[c].equals("seconds") || header[c].endsWith("_seconds"))) {
          continue;
        }
        row.append(row.length() > 0 ? "," : "").append(cells[c]);
      }
      sb.append(row).append('\n');
    }
    return sb.toString();
  }
}
