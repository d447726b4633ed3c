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

  @Test
  void reachesThetaStarAndSparkEqualsSingleJvm() throws Exception {
    Path conf = Path.of("..", "conf", "quadratic.conf");
    CliRunner.Result local = CliRunner.run("train", conf.toString(), "--out", dir.resolve("local").toString(),
        "--quiet", "--set", "spark.executor=local");
    assertEquals(0, local.code(), local.err());
    assertTrue(thetaError(local.lastLine()) < THETA_TOLERANCE, local.lastLine());
    CliRunner.Result spark = CliRunner.run("train", conf.toString(), "--out", dir.resolve("spark").toString(),
        "--quiet", "--master", "local[2]", "--set", "train.eval-every=50");
    assertEquals(0, spark.code(), spark.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("local/omega/theta.npy")),
        Files.readAllBytes(dir.resolve("spark/omega/theta.npy")));
    assertEquals(thetaError(local.lastLine()), thetaError(spark.lastLine()));
    String csv = Files.readString(dir.resolve("local/metrics.csv"));
    assertTrue(csv.startsWith("step,loss,grad_norm,theta_error,lower_iterations,cg_iterations,cost,cost_cumulative,"),
        csv.lines().findFirst().orElse(""));
  }
}
