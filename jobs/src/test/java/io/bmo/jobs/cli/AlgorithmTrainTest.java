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
 * {@code train} with {@code algorithm.type = isgd | maid} on the quadratic anchor through the CLI: MAID reaches the
 * closed-form θ*; stateful ISGD on Spark local[2] equals the single-JVM executor bit for bit; a run killed after a
 * checkpoint and resumed ends with the same θ, metrics and shard states (the .npy files of the last checkpoint) as an
 * uninterrupted run; bad algorithm keys are rejected naming the key.
 */
class AlgorithmTrainTest {
  /**
   * MAID's target: every instance seed 1–4 of conf/quadratic.conf within 1e-6 of θ*. The config stops at a certified
   * ‖∇f‖ ≤ 2e-9 (algorithm.maid.gradient-tol = 1e-9), which put θ within ~1e-8 relative on these instances, so 1e-6
   * keeps two orders of margin.
   */
  static final double MAID_THETA_TOLERANCE = 1e-6;

  @TempDir
  Path dir;

  static final String CONF = Path.of("..", "conf", "quadratic.conf").toString();

  CliRunner.Result train(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", CONF, "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  static String[] isgd(String... more) {
    List<String> a = new ArrayList<>(List.of("--set", "algorithm.type=isgd", "--set", "train.steps=12", "--set",
        "train.batch-size=8", "--set", "train.checkpoint-every=4", "--set", "train.eval-every=4", "--set",
        "algorithm.isgd.lr=0.05", "--set", "algorithm.isgd.lr-decay=0.5", "--set",
        "algorithm.lineage-checkpoint-every=3"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  static byte[][] files(Path root, String sub) throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve(sub))) {
      List<Path> ps = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".npy")).sorted().toList();
      byte[][] out = new byte[ps.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = Files.readAllBytes(ps.get(i));
      }
      return out;
    }
  }

  static String stripTimes(String csv) {
    int elapsedColumn = List.of(csv.lines().findFirst().orElse("").split(",")).indexOf("elapsed_seconds");
    StringBuilder sb = new StringBuilder();
    for (String line : csv.split("\n")) {
      String[] f = line.split(",");
      // drop elapsed_seconds and seconds (last)
      List<String> keep = new ArrayList<>(List.of(f).subList(0, f.length - 1));
      keep.remove(elapsedColumn);
      sb.append(String.join(",", keep)).append('\n');
    }
    return sb.toString();
  }

  @Test
  void maidReachesThetaStarOnEveryInstanceSeed() throws IOException {
    for (int seed = 1; seed <= 4; seed++) {
      Path out = dir.resolve("maid-" + seed);
      CliRunner.Result r = train(out, "--set", "algorithm.type=maid", "--set", "quadratic.seed=" + seed,
          "--set", "spark.executor=local");
      assertEquals(0, r.code(), r.err());
      assertTrue(QuadraticTrainTest.thetaError(r.lastLine()) <= MAID_THETA_TOLERANCE, seed + ": " + r.lastLine());
      assertTrue(r.lastLine().contains("\"converged\":true"), seed + ": " + r.lastLine());
      assertTrue(r.lastLine().contains("\"algorithm\":\"maid\""), r.lastLine());
      String csv = Files.readString(out.resolve("metrics.csv"));
      assertTrue(csv.lines().count() > 2, csv);
    }
  }

  @Test
  void sparkEqualsSingleJvmAndResumeIsBitIdentical() throws IOException {
    CliRunner.Result local = train(dir.resolve("local"), isgd("--set", "spark.executor=local"));
    assertEquals(0, local.code(), local.err());
    CliRunner.Result full = train(dir.resolve("full"), isgd("--master", "local[2]"));
    assertEquals(0, full.code(), full.err());
    assertArrayEquals(files(dir.resolve("local"), "omega"), files(dir.resolve("full"), "omega"));
    assertArrayEquals(files(dir.resolve("local"), "checkpoints/step-000000012"),
        files(dir.resolve("full"), "checkpoints/step-000000012"));
    String header = Files.readString(dir.resolve("full/metrics.csv")).lines().findFirst().orElse("");
    assertTrue(header.startsWith("step,loss,grad_norm,cost,cost_cumulative,lower_iterations,cg_iterations,"), header);
    assertTrue(Files.exists(dir.resolve("full/metrics.parquet")));
    assertFalse(Files.exists(dir.resolve("full/spark-checkpoints")), "RDD checkpoints are removed at the end");

    System.setProperty("bmo.test.crash-after-step", "8");
    CliRunner.Result crashed;
    try {
      crashed = train(dir.resolve("part"), isgd("--master", "local[2]"));
    } finally {
      System.clearProperty("bmo.test.crash-after-step");
    }
    assertEquals(1, crashed.code(), crashed.err());
    assertTrue(Files.exists(dir.resolve("part/checkpoints/step-000000008/states/shard-00000/primal.npy")));
    CliRunner.Result resumed = CliRunner.run("train", "--resume", dir.resolve("part").toString(), "--quiet",
        "--master", "local[2]");
    assertEquals(0, resumed.code(), resumed.err());
    assertArrayEquals(files(dir.resolve("full"), "omega"), files(dir.resolve("part"), "omega"));
    assertArrayEquals(files(dir.resolve("full"), "checkpoints/step-000000012"),
        files(dir.resolve("part"), "checkpoints/step-000000012"));
    assertEquals(stripTimes(Files.readString(dir.resolve("full/metrics.csv"))),
        stripTimes(Files.readString(dir.resolve("part/metrics.csv"))));
  }

  @Test
  void badAlgorithmKeysAreRejected() {
    Path out = dir.resolve("never");
    CliRunner.Result r = train(out, "--set", "algorithm.type=sgdx");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("algorithm.type"), r.err());
    r = train(out, "--set", "algorithm.isgd.lr-decy=1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown key 'algorithm.isgd.lr-decy'"), r.err());
    r = train(out, "--set", "algorithm.type=maid", "--set", "algorithm.maid.tighten=1.5");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("algorithm.maid"), r.err());
    r = train(out, "--set", "algorithm.type=joint");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("algorithm.type: joint is not available for problem quadratic"), r.err());
    assertFalse(Files.exists(out));
  }

  /**
   * A stateful algorithm that diverges ends under the same policy as Algorithm 1: exit 1 with one line naming the
   * step and the offending coordinate, the manifest's status "diverged" with the error, and the metrics so far.
   */
  @Test
  void divergingIsgdEndsLikeAlgorithmOne() throws Exception {
    Path out = dir.resolve("diverged");
    // TV denoising: at lr 1e6 the TV weight's exponential overflows after one step
    CliRunner.Result r = CliRunner.run("train", Path.of("..", "conf", "compare-isgd-maid.conf").toString(), "--out",
        out.toString(), "--quiet", "--set", "algorithm.type=isgd", "--set", "train.steps=4", "--set",
        "train.batch-size=8", "--set", "algorithm.isgd.step=sgd", "--set", "algorithm.isgd.lr=1e6", "--set",
        "spark.executor=local");
    assertEquals(1, r.code(), r.err());
    String line = r.err().lines().filter(l -> l.startsWith("bmo train: failed:")).findFirst().orElse("");
    assertTrue(line.contains("training diverged at step 1") && line.contains("logScale[0]")
        && line.contains("last good checkpoint kept in"), r.err());
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifest.matches("(?s).*\"status\"\\s*:\\s*\"diverged\".*"), manifest);
    assertTrue(manifest.contains("\"error\""), manifest);
    assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));
  }
}
