package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.io.Npy;
import io.bmo.jobs.CliRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (test resources {@code bad-inputs/}, listed in its {@code cases.csv}): every malformed
 * config, data file, image, sweep file or command line, fed to the command that reads it, ends with exit 2 and one
 * line naming the file or key — no stack trace, no run directory created, the inputs untouched.
 */
class BadInputCorpusTest {
  static final String CORPUS = "/bad-inputs";

  @TempDir
  Path tmp;

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(CORPUS + "/cases.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",", 3);
        out.add(Arguments.of(f[0], f[1], f[2]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void failsWithOneLineNamingTheCulprit(String kind, String file, String expect) throws Exception {
    Path dir = copyCorpus();
    Path out = tmp.resolve("out");
    Map<String, String> before = snapshot(dir);
    CliRunner.Result r = CliRunner.run(args(kind, file, dir, out));
    String err = r.err();
    String what = kind + " " + file + ": exit " + r.code() + ", stderr:\n" + err;
    assertEquals(2, r.code(), what);
    List<String> lines = Arrays.stream(err.split("\n")).filter(l -> !l.isBlank()).toList();
    List<String> errors = lines.stream().filter(l -> l.contains(": error: ")).toList();
    assertEquals(1, errors.size(), what);
    assertTrue(lines.get(lines.size() - 1).startsWith("bmo ") && errors.get(0).equals(lines.get(lines.size() - 1)),
        "the error is the last line: " + what);
    assertTrue(errors.get(0).contains(expect), "names '" + expect + "': " + what);
    assertFalse(err.contains("\tat ") || err.contains("Exception in thread") || err.contains("Caused by"),
        "no stack trace: " + what);
    assertFalse(Files.exists(out), "nothing created: " + what);
    assertEquals(before, snapshot(dir), "inputs untouched: " + what);
  }

  private String[] args(String kind, String file, Path dir, Path out) {
    String f = dir.resolve(file).toString();
    String base = dir.resolve("good-base.conf").toString();
    String o = out.toString();
    List<String> a = new ArrayList<>();
    switch (kind) {
      case "config" -> a.addAll(List.of("train", f, "--out", o, "--quiet"));
      case "sweep" -> a.addAll(List.of("sweep", f, "--out", o));
      case "signals", "codes", "dictionary" -> {
        a.addAll(List.of("train", base, "--out", o, "--quiet", "--set", "data.source=files"));
        for (String k : List.of("signals", "codes", "dictionary")) {
          String good = dir.resolve("good-" + k + ".npy").toString();
          String key = k.equals("dictionary") ? "data.dictionary" : "data.train-" + k;
          a.addAll(List.of("--set", key + "=\"" + (k.equals(kind) ? f : good) + "\""));
        }
      }
      case "images" -> a.addAll(List.of("train", dir.resolve("good-denoise.conf").toString(), "--out", o, "--quiet",
          "--set", "data.images=\"" + f + "\""));
      case "cli" -> {
        for (String t : file.split(" ")) {
          a.add(t.replace("{dir}", dir.toString()).replace("{out}", o));
        }
      }
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
    return a.toArray(new String[0]);
  }

  /** The corpus copied to a fresh directory, with the valid files the data cases need beside the bad one. */
  private Path copyCorpus() throws IOException, URISyntaxException {
    Path src = Path.of(BadInputCorpusTest.class.getResource(CORPUS).toURI());
    Path dir = Files.createDirectories(tmp.resolve("in"));
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName().toString()));
      }
    }
    int m = 4;
    int n = 8;
    int rows = 16;
    Npy.write(dir.resolve("good-dictionary.npy"), Npy.ofMatrix(m, n, ramp(m * n)));
    Npy.write(dir.resolve("good-signals.npy"), Npy.ofMatrix(rows, m, ramp(rows * m)));
    Npy.write(dir.resolve("good-codes.npy"), Npy.ofMatrix(rows, n, ramp(rows * n)));
    Files.writeString(dir.resolve("good-denoise.conf"), String.join("\n",
        "name = \"bad-images\"", "problem = \"denoise\"", "data { crop-size = 8, train-examples = 4 }",
        "train { steps = 1, shards = 1, block-size = 4 }", "spark.executor = \"local\"", ""));
    return dir;
  }

  private static double[] ramp(int len) {
    double[] v = new double[len];
    for (int i = 0; i < len; i++) {
      v[i] = Math.sin(i + 1.0);
    }
    return v;
  }

  /** Relative path → size, modification time and SHA-256 of every file under {@code dir}. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(p);
        m.put(dir.relativize(p).toString(), bytes.length + " " + Files.getLastModifiedTime(p) + " "
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
    }
    return m;
  }
}
