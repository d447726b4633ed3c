package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} end to end: Spark local[1] and local[2] and the single-JVM trainer give bit-identical ω;
 * an interrupted and resumed run equals an uninterrupted one; bad configs fail before anything is written.
 */
class TrainCommandTest {
  @TempDir
  Path dir;

  Path config(String model, int batch) throws IOException {
    Path c = dir.resolve("tiny-" + model + ".conf");
    Files.writeString(c, String.join("\n",
        "name = tiny",
        "data { m = 16, n = 32, p = 0.15, snr-db = 30, train-examples = 70, test-examples = 20 }",
        "model { type = \"" + model + "\", layers = 4 }",
        "bmo { mu = 0.2, beta = 0.5, alpha = 0.9 }",
        "optimizer { lr = 1e-2 }",
        "train { steps = 6, batch-size = " + batch + ", shards = 5, block-size = 8, eval-every = 3,"
            + " checkpoint-every = 2 }",
        ""));
    return c;
  }

  CliRunner.Result train(Path cfg, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", cfg.toString(), "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  static byte[][] omegaFiles(Path run) throws IOException {
    return CliRunner.omegaFiles(run);
  }

  @Test
  void sparkLocal1Local2AndSingleJvmAreBitIdentical() throws IOException {
    Path cfg = config("lista-tied", 0);
    CliRunner.Result single = train(cfg, dir.resolve("single"), "--set", "spark.executor=local");
    assertEquals(0, single.code(), single.err());
    CliRunner.Result l1 = train(cfg, dir.resolve("l1"), "--master", "local[1]");
    assertEquals(0, l1.code(), l1.err());
    CliRunner.Result l2 = train(cfg, dir.resolve("l2"), "--master", "local[2]");
    assertEquals(0, l2.code(), l2.err());
    byte[][] a = omegaFiles(dir.resolve("single"));
    assertEquals(3, a.length, "W, step, theta");
    assertArrayEquals(a, omegaFiles(dir.resolve("l1")));
    assertArrayEquals(a, omegaFiles(dir.resolve("l2")));
    assertTrue(l2.lastLine().contains("\"test_nmse_db\":"), l2.out());
    assertTrue(Files.isDirectory(dir.resolve("l2/metrics.parquet")));
    String csv1 = Files.readString(dir.resolve("single/metrics.csv"));
    String csv2 = Files.readString(dir.resolve("l2/metrics.csv"));
    assertEquals(stripTimes(csv1), stripTimes(csv2), "identical metrics apart from timing");
    String manifest = Files.readString(dir.resolve("l2/manifest.json"));
    assertTrue(manifest.contains("\"status\": \"finished\"") && manifest.contains("\"blas\""), manifest);
    // checkpointed reverse mode on the executors: same bits with one snapshot instead of the full tape
    CliRunner.Result lean = train(cfg, dir.resolve("lean"), "--master", "local[2]", "--set",
        "hypergradient.snapshots=1");
    assertEquals(0, lean.code(), lean.err());
    assertArrayEquals(a, omegaFiles(dir.resolve("lean")));
    assertEquals(stripTimes(csv1), stripTimes(Files.readString(dir.resolve("lean/metrics.csv"))));
  }

  @Test
  void partitionsAndTheReductionTreeDoNotChangeTheBits() throws IOException {
    Path cfg = config("lista-tied", 24);
    CliRunner.Result single = train(cfg, dir.resolve("single"), "--set", "spark.executor=local", "--set",
        "train.threads=1");
    assertEquals(0, single.code(), single.err());
    byte[][] a = omegaFiles(dir.resolve("single"));
    String csv = stripTimes(Files.readString(dir.resolve("single/metrics.csv")));
    for (String parts : List.of("1", "3", "5")) {
      Path out = dir.resolve("p" + parts);
      CliRunner.Result r = train(cfg, out, "--master", "local[2]", "--set", "train.partitions=" + parts);
      assertEquals(0, r.code(), r.err());
      assertArrayEquals(a, omegaFiles(out), "partitions " + parts);
      assertEquals(csv, stripTimes(Files.readString(out.resolve("metrics.csv"))), "partitions " + parts);
      assertTrue(r.err().contains(parts + " partitions"), r.err());
    }
    // Forced tree: every task sum counts as too big for the driver, so treeAggregate goes deeper than one level
    // and the final merge runs on an executor; merge order then follows task completion.
    System.setProperty("bmo.reduce.driver-merge-bytes", "1");
    try {
      Path out = dir.resolve("tree");
      CliRunner.Result r = train(cfg, out, "--master", "local[2]", "--set", "train.partitions=5");
      assertEquals(0, r.code(), r.err());
      assertArrayEquals(a, omegaFiles(out), "tree of depth > 1, final merge on an executor");
    } finally {
      System.clearProperty("bmo.reduce.driver-merge-bytes");
    }
    String manifest = Files.readString(dir.resolve("p3/manifest.json"));
    assertTrue(manifest.contains("\"scheme\": \"binned-int32-fold3\""), manifest);
  }

  static String stripTimes(String csv) {
    return CliRunner.stripTimes(csv);
  }

  @Test
  void interruptedAndResumedRunEqualsUninterrupted() throws IOException {
    Path cfg = config("ista-layerwise", 24);
    CliRunner.Result full = train(cfg, dir.resolve("full"), "--master", "local[2]");
    assertEquals(0, full.code(), full.err());
    CliRunner.Result crashed;
    System.setProperty("bmo.test.crash-after-step", "3");
    try {
      crashed = train(cfg, dir.resolve("part"), "--master", "local[2]");
    } finally {
      System.clearProperty("bmo.test.crash-after-step");
    }
    assertEquals(1, crashed.code(), crashed.err());
    assertTrue(crashed.err().contains("simulated crash"), crashed.err());
    assertFalse(Files.exists(dir.resolve("part/omega")), "no final output before the end");
    CliRunner.Result resumed = CliRunner.run("train", "--resume", dir.resolve("part").toString(), "--quiet",
        "--master", "local[1]");
    assertEquals(0, resumed.code(), resumed.err());
    assertArrayEquals(omegaFiles(dir.resolve("full")), omegaFiles(dir.resolve("part")));
    assertEquals(stripTimes(Files.readString(dir.resolve("full/metrics.csv"))),
        stripTimes(Files.readString(dir.resolve("part/metrics.csv"))));
  }

  void assertRejected(CliRunner.Result r, Path out, String mentions) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line expected: " + err);
    assertTrue(err.contains(mentions), err);
    assertFalse(Files.exists(out), "nothing may be written");
  }

  @Test
  void badConfigsFailBeforeAnythingIsWritten() throws IOException {
    Path cfg = config("ista", 0);
    Path out = dir.resolve("never");
    assertRejected(train(cfg, out, "--set", "model.layres=3"), out, "unknown key 'model.layres'");
    assertRejected(train(cfg, out, "--set", "model.layers=many"), out, "model.layers: expected an integer");
    assertRejected(train(cfg, out, "--set", "bmo.mu=1.5"), out, "bmo.mu: must be in [0, 1]");
    assertRejected(train(cfg, out, "--set", "optimizer.step-max=2.5"), out, "optimizer.step-max");
    assertRejected(train(cfg, out, "--set", "model.type=fista"), out, "unknown model 'fista'");
    assertRejected(train(cfg, out, "--set", "hypergradient.method=implicit"), out, "mu = 0");
    assertRejected(train(cfg, out, "--set", "hypergradient.snapshots=-2"), out, "hypergradient.snapshots");
    assertRejected(train(cfg, out, "--set", "train.steps-per-job=-1"), out, "train.steps-per-job: must be >= 0");
    assertRejected(train(cfg, out, "--set", "hypergradient.method=truncated", "--set", "hypergradient.snapshots=2"),
        out, "applies to method reverse only");
    assertRejected(train(dir.resolve("missing.conf"), out), out, "missing.conf");
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "data { m = 10 \n");
    assertRejected(train(bad, out), out, "bad.conf");
    Path files = dir.resolve("files.conf");
    Files.writeString(files, "data { source = files, dictionary = \"" + dir.resolve("nope.npy")
        + "\", train-signals = a, train-codes = b }\n");
    assertRejected(train(files, out), out, "nope.npy");
  }

  @Test
  void divergenceStopsWithOneLineAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path out = dir.resolve("div");
    CliRunner.Result r = train(config("lista-tied", 0), out, "--set", "spark.executor=local", "--set",
        "optimizer.type=sgd", "--set", "optimizer.lr=1e300", "--set", "optimizer.step-max=1.99",
        "--set", "train.checkpoint-every=1");
    assertEquals(1, r.code(), r.err());
    String err = r.err().strip();
    assertTrue(err.lines().anyMatch(l -> l.contains("diverged at step") && l.contains("last good checkpoint")), err);
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifest.contains("\"status\": \"diverged\""), manifest);
    assertFalse(Files.exists(out.resolve("omega")), "no final omega from a diverged run");
  }

  @Test
  void refusesToOverwriteANonEmptyRunDirectory() throws IOException {
    Path out = dir.resolve("used");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "x");
    CliRunner.Result r = train(config("ista", 0), out);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("not empty"), r.err());
    assertEquals("x", Files.readString(out.resolve("keep.txt")));
  }
}
