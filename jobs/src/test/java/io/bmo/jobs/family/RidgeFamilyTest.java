package io.bmo.jobs.family;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy plug-in family {@link RidgeFamily}, registered only by a services file under src/test, runs through every
 * command with no engine change: {@code train} on the single-JVM executor and on Spark local[2] gives the same ω and
 * metrics bit for bit; {@code evaluate} reports the family's own figure; {@code reproduce} re-runs it; {@code sweep}
 * and {@code report} accept it; its section is validated naming the key. Its hypergradient matches central
 * differences.
 */
class RidgeFamilyTest {
  /** Central differences with h = 1e-5 on a smooth scalar loss of size ~1: truncation ~h² and rounding ~1e-16/h. */
  static final double FD_TOLERANCE = 1e-8;

  @TempDir
  Path dir;

  Path conf() throws Exception {
    Path c = dir.resolve("ridge.conf");
    try (var in = RidgeFamilyTest.class.getResourceAsStream("/ridge.conf")) {
      Files.write(c, in.readAllBytes());
    }
    return c;
  }

  CliRunner.Result train(Path out, String... extra) throws Exception {
    List<String> a = new ArrayList<>(List.of("train", conf().toString(), "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  /** metrics.csv without its last column (wall seconds). */
  static String withoutSeconds(String csv) {
    StringBuilder sb = new StringBuilder();
    for (String line : csv.split("\n")) {
      sb.append(line, 0, line.lastIndexOf(',')).append('\n');
    }
    return sb.toString();
  }

  @Test
  void hypergradientMatchesCentralDifferences() {
    RidgeProblem p = new RidgeProblem(1, 2, 4, 4, 0.5, 0.4, 8);
    for (double omega : new double[] {-1.0, 0.0, 0.5}) {
      double[] g = new double[1];
      p.loss(omega, 1, 3, g);
      double h = 1e-5;
      double fd = (p.loss(omega + h, 1, 3, null) - p.loss(omega - h, 1, 3, null)) / (2 * h);
      assertEquals(fd, g[0], FD_TOLERANCE, "omega " + omega);
    }
  }

  @Test
  void trainLocalAndSparkAreBitIdenticalAndEvaluateReproduceWork() throws Exception {
    CliRunner.Result local = train(dir.resolve("local"), "--set", "spark.executor=local");
    assertEquals(0, local.code(), local.err());
    CliRunner.Result spark = train(dir.resolve("spark"), "--set", "spark.executor=spark", "--master", "local[2]");
    assertEquals(0, spark.code(), spark.err());
    byte[] omegaLocal = Files.readAllBytes(dir.resolve("local/omega/log_lambda.npy"));
    assertArrayEquals(omegaLocal, Files.readAllBytes(dir.resolve("spark/omega/log_lambda.npy")));
    assertEquals(withoutSeconds(Files.readString(dir.resolve("local/metrics.csv"))),
        withoutSeconds(Files.readString(dir.resolve("spark/metrics.csv"))));
    assertTrue(local.lastLine().contains("\"lambda\""), local.lastLine());

    CliRunner.Result ev = CliRunner.run("evaluate", "--run", dir.resolve("local").toString(), "--local");
    assertEquals(0, ev.code(), ev.err());
    assertTrue(ev.lastLine().contains("\"test_mse\""), ev.lastLine());

    CliRunner.Result rep = CliRunner.run("reproduce", dir.resolve("local").toString());
    assertEquals(0, rep.code(), rep.err());
    CliRunner.Result report = CliRunner.run("report", dir.resolve("local").toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(Files.isRegularFile(dir.resolve("local/report/convergence_test_mse.png")), "family panel");
  }

  @Test
  void sweepAndReportAcceptThePlugin() throws Exception {
    Path c = conf();
    Path sc = dir.resolve("sweep.conf");
    Files.writeString(sc, "name = \"ridge-sweep\"\nbase = \"" + c.getFileName() + "\"\n"
        + "space { ridge.log-lambda = [0.0, -1.0] }\nseeds = 2\n"
        + "objective { metric = \"test_mse\", goal = \"minimize\" }\n");
    CliRunner.Result sw = CliRunner.run("sweep", sc.toString(), "--out", dir.resolve("sw").toString(), "--master",
        "local[2]");
    assertEquals(0, sw.code(), sw.err());
    assertTrue(Files.readString(dir.resolve("sw/summary.csv")).contains("test_mse_mean"));
    CliRunner.Result report = CliRunner.run("report", dir.resolve("sw").toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(Files.isRegularFile(dir.resolve("sw/report/convergence_test_mse.png")), "family panel");
  }

  @Test
  void badSectionValueNamesTheKey() throws Exception {
    CliRunner.Result r = train(dir.resolve("bad"), "--set", "ridge.step=1.5", "--set", "spark.executor=local");
    assertEquals(2, r.code());
    assertTrue(r.err().strip().startsWith("bmo train: error: ridge.step: must be in (0, 1)"), r.err());
    assertTrue(Files.notExists(dir.resolve("bad")) || Files.list(dir.resolve("bad")).findAny().isEmpty());
    CliRunner.Result u = train(dir.resolve("bad2"), "--set", "ridge.nope=1");
    assertEquals(2, u.code());
    assertTrue(u.err().contains("unknown key 'ridge.nope'"), u.err());
  }
}
