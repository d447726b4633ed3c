package io.bmo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-inputs/}, cases listed in its {@code cases.csv}): every
 * malformed config, data file, image, sweep config or command line is fed to the command that reads it, in-process
 * through {@link Main#execute}. Each case must exit with status 2, print exactly one stderr line
 * {@code bmo <command>: error: …} containing the case's expected file name or key and no stack trace text, print
 * nothing on stdout, and leave the inputs and the output location exactly as they were (same paths, sizes and
 * modification times; no run directory created).
 */
class BadInputCorpusTest {
  /** Classpath location of the corpus. */
  static final String CORPUS = "/bad-inputs";
  /** Fewest cases the corpus must hold. */
  static final int MIN_CASES = 40;

  @TempDir
  Path tmp;

  /** One line of cases.csv. */
  record Case(String id, String expected, String command) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getResource(CORPUS).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    for (String line : Files.readAllLines(corpus().resolve("cases.csv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", 3);
      if (f.length != 3) {
        throw new IllegalStateException("cases.csv: malformed line: " + line);
      }
      out.add(new Case(f[0].trim(), f[1].trim(), f[2].trim()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedWithOneLineAndNothingWritten(Case c) throws IOException {
    Path in = tmp.resolve("in");
    copyTree(corpus(), in);
    Path out = tmp.resolve("out");
    String[] args = Arrays.stream(c.command().split(" +"))
        .map(a -> a.replace("{in}", in.toString()).replace("{out}", out.toString()))
        .toArray(String[]::new);
    boolean runsBefore = Files.exists(Path.of("runs"));
    Map<String, String> before = snapshot(tmp);

    CliRunner.Result r = CliRunner.run(args);

    String err = r.err().strip();
    assertEquals(2, r.code(), c.id() + ": exit status; stderr: " + r.err());
    assertEquals(1, err.lines().count(), c.id() + ": stderr must be one line, got: " + r.err());
    assertTrue(err.matches("bmo [a-z]+: error: .+"), c.id() + ": " + err);
    assertTrue(err.contains(c.expected()), c.id() + ": expected '" + c.expected() + "' in: " + err);
    assertFalse(err.contains("Exception") || err.contains("at io.") || err.contains("\tat "),
        c.id() + ": stack trace text in: " + err);
    assertTrue(r.out().isBlank(), c.id() + ": stdout must be empty, got: " + r.out());
    assertEquals(before, snapshot(tmp), c.id() + ": files created, deleted or modified");
    assertEquals(runsBefore, Files.exists(Path.of("runs")), c.id() + ": created ./runs");
  }

  /**
   * Control: the valid companions in {@code good/} and the run fixture are accepted by the same commands, so each
   * case fails because of its one bad input.
   */
  @Test
  void goodCompanionsAreAccepted() throws IOException {
    Path in = tmp.resolve("in");
    copyTree(corpus(), in);
    String g = in.resolve("good") + "/";
    List<String[]> commands = List.of(
        new String[] {"train", g + "files.conf", "--quiet", "--set", "data.dictionary=" + g + "A.npy", "--set",
            "data.train-signals=" + g + "signals.npy", "--set", "data.train-codes=" + g + "codes.npy", "--set",
            "data.test-signals=" + g + "signals.npy", "--set", "data.test-codes=" + g + "codes.npy", "--out",
            tmp.resolve("out-npy").toString()},
        new String[] {"train", g + "files.conf", "--quiet", "--set", "data.dictionary=" + g + "A.npy", "--set",
            "data.train-signals=" + g + "signals.csv", "--set", "data.train-codes=" + g + "codes.csv", "--out",
            tmp.resolve("out-csv").toString()},
        new String[] {"hypergrad", "--model", "ista", "--layers", "2", "--dictionary", g + "A.npy", "--signals",
            g + "signals.npy", "--codes", g + "codes.npy", "--omega", g + "omega", "--out",
            tmp.resolve("out-grad").toString()},
        new String[] {"train", g + "denoise.conf", "--quiet", "--set", "data.images=" + g + "images", "--out",
            tmp.resolve("out-img").toString()},
        new String[] {"evaluate", "--run", in.resolve("rundirs/denoise").toString(), "--images", g + "images"});
    for (String[] a : commands) {
      CliRunner.Result r = CliRunner.run(a);
      assertEquals(0, r.code(), String.join(" ", a) + ": " + r.err());
    }
  }

  /**
   * The manifest is usable: enough cases, unique ids, and every corpus file outside {@code good/} is named by a case
   * (itself or a directory holding it), except files only reached through another one ({@link #INDIRECT}).
   */
  @Test
  void manifestCoversTheCorpus() throws IOException {
    List<Case> cs = cases();
    assertTrue(cs.size() >= MIN_CASES, "only " + cs.size() + " cases");
    assertEquals(cs.size(), cs.stream().map(Case::id).distinct().count(), "duplicate case ids");
    Set<String> named = new HashSet<>();
    for (Case c : cs) {
      for (String token : c.command().split("[ =]+")) {
        if (token.startsWith("{in}/")) {
          named.add(token.substring("{in}/".length()));
        }
      }
    }
    TreeSet<String> unused = new TreeSet<>();
    Path root = corpus();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith("good/") && !p.equals("cases.csv") && !INDIRECT.contains(p))
          .filter(p -> !isNamed(p, named))
          .forEach(unused::add);
    }
    assertTrue(unused.isEmpty(), "corpus files no case uses: " + unused);
  }

  /** Corpus files reached only through another file (an include). */
  static final Set<String> INDIRECT = Set.of("config/cyclic-b.conf");

  private static boolean isNamed(String file, Set<String> named) {
    for (Path p = Path.of(file); p != null; p = p.getParent()) {
      if (named.contains(p.toString().replace('\\', '/'))) {
        return true;
      }
    }
    return false;
  }

  /** Relative path → "size mtime" of every file and directory under {@code root} (root itself included). */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.forEach(p -> {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          m.put(root.relativize(p).toString(), (a.isDirectory() ? "dir " : a.size() + " ")
              + a.lastModifiedTime().toMillis());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return m;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }
}
