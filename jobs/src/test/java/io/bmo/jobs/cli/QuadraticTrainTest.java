package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} on the quadratic anchor through the CLI: full-batch gradient descent with exact CG solves reaches the
 * closed-form θ*, and Spark local[2] gives the single-JVM ω bit for bit.
 */
class QuadraticTrainTest {
  /**
   * Gradient descent contracts the error by a constant factor per step; 200 steps at lr 0.2 on this instance reach
   * ~1e-14, so 1e-8 (the target) leaves six orders of margin.
   */
  static final double THETA_TOLERANCE = 1e-8;

  @TempDir
  Path dir;

  static double thetaError(String json) {
    Matcher m = Pattern.compile("\"theta_error\":([-0-9.eE+]+)").matcher(json);
    assertTrue(m.find(), json);
    return Double.parseDouble(m.group(1));
  }

  static String stripTimes(String csv) {
    return TrainCommandTest.stripTimes(csv);
  }

  @Test
  void reachesThetaStarAndSparkEqualsSingleJvm() throws Exception {
    Path conf = Path.of("..", "conf", "quadratic.conf");
    CliRunner.Result local = CliRunner.run("train", conf.toString(), "--out", dir.resolve("local").toString(),
        "--quiet", "--set", "spark.executor=local");
    assertEquals(0, local.code(), local.err());
    assertTrue(thetaError(local.lastLine()) < THETA_TOLERANCE, local.lastLine());
    // Spark equivalence on a shorter run (each Spark step is a job; the trajectory is the same either way).
    CliRunner.Result short1 = CliRunner.run("train", conf.toString(), "--out", dir.resolve("short").toString(),
        "--quiet", "--set", "spark.executor=local", "--set", "train.steps=25");
    assertEquals(0, short1.code(), short1.err());
    CliRunner.Result spark = CliRunner.run("train", conf.toString(), "--out", dir.resolve("spark").toString(),
        "--quiet", "--master", "local[2]", "--set", "train.steps=25");
    assertEquals(0, spark.code(), spark.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("short/omega/theta.npy")),
        Files.readAllBytes(dir.resolve("spark/omega/theta.npy")));
    assertEquals(thetaError(short1.lastLine()), thetaError(spark.lastLine()));
    assertEquals(QuadraticTrainTest.stripTimes(Files.readString(dir.resolve("short/metrics.csv"))),
        QuadraticTrainTest.stripTimes(Files.readString(dir.resolve("spark/metrics.csv"))));
    String csv = Files.readString(dir.resolve("local/metrics.csv"));
    assertTrue(csv.startsWith("step,loss,grad_norm,theta_error,lower_iterations,cg_iterations,cost,cost_cumulative,"),
        csv.lines().findFirst().orElse(""));
  }
}
