package io.bmo.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import io.bmo.jobs.FaultInjection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Algorithm 1 steps in one Spark job ({@link StepGroups}): the same ω, metrics and divergence as one job per
 * step and as the single-JVM trainer, whatever the group length, partitions, time budget or a failed group job.
 */
class StepGroupsTest {
  @TempDir
  Path dir;

  /** 12 minibatch steps; evaluations after steps 6 and 12, checkpoints every 4: groups 1-4, 5-8, 9-12. */
  Path config() throws IOException {
    Path c = dir.resolve("groups.conf");
    Files.writeString(c, String.join("\n",
        "name = groups",
        "data { m = 16, n = 32, p = 0.15, snr-db = 30, train-examples = 90, test-examples = 20 }",
        "model { type = \"lista-tied\", layers = 4 }",
        "bmo { mu = 0.2, beta = 0.5, alpha = 0.9 }",
        "optimizer { lr = 1e-2 }",
        "train { steps = 12, batch-size = 24, shards = 7, block-size = 8, eval-every = 6, checkpoint-every = 4 }",
        ""));
    return c;
  }

  /** A training run that must succeed. */
  static CliRunner.Result train(Path cfg, Path out, String... extra) {
    CliRunner.Result r = CliRunner.train(cfg, out, extra);
    assertEquals(0, r.code(), r.err());
    return r;
  }

  /** {steps run in groups, group jobs} from the result line's executor description; {0, 0} when none ran. */
  static long[] grouped(CliRunner.Result r) {
    Matcher m = Pattern.compile("(\\d+) steps in (\\d+) step-group jobs").matcher(r.lastLine());
    return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : new long[] {0, 0};
  }

  @Test
  void groupsEqualOneJobPerStepAndTheSingleJvm() throws IOException {
    Path cfg = config();
    train(cfg, dir.resolve("single"), "--set", "spark.executor=local");
    byte[][] omega = CliRunner.omegaFiles(dir.resolve("single"));
    String csv = metrics(dir.resolve("single"));

    CliRunner.Result one = train(cfg, dir.resolve("one"), "--master", "local[2]", "--set", "train.steps-per-job=1");
    assertArrayEquals(new long[] {0, 0}, grouped(one), one.lastLine());
    assertArrayEquals(omega, CliRunner.omegaFiles(dir.resolve("one")));

    // Default: the steps up to the next checkpoint are one job, evaluations included.
    CliRunner.Result auto = train(cfg, dir.resolve("auto"), "--master", "local[2]");
    assertArrayEquals(new long[] {12, 3}, grouped(auto), auto.lastLine());
    assertArrayEquals(omega, CliRunner.omegaFiles(dir.resolve("auto")));
    assertEquals(csv, metrics(dir.resolve("auto")), "same metrics rows apart from timing");

    // At most 3 steps per job, with 3 partitions over 7 shards (one task owns three shards in a step).
    CliRunner.Result three = train(cfg, dir.resolve("three"), "--master", "local[3]", "--set",
        "train.steps-per-job=3", "--set", "train.partitions=3");
    assertArrayEquals(new long[] {9, 3}, grouped(three), three.lastLine()); // 1-3, 5-7, 9-11
    assertArrayEquals(omega, CliRunner.omegaFiles(dir.resolve("three")));
    assertEquals(csv, metrics(dir.resolve("three")));

    // Tasks acting as if each ran in a JVM of its own: the sums go through the exchange in their binary form, and
    // each task takes a fixed share of the shards instead of sharing one queue with the other tasks.
    System.setProperty("bmo.spark.group-as-separate-jvms", "true");
    try {
      CliRunner.Result apart = train(cfg, dir.resolve("apart"), "--master", "local[3]", "--set", "train.partitions=3");
      assertArrayEquals(new long[] {12, 3}, grouped(apart), apart.lastLine());
      assertArrayEquals(omega, CliRunner.omegaFiles(dir.resolve("apart")));
      assertEquals(csv, metrics(dir.resolve("apart")));
    } finally {
      System.clearProperty("bmo.spark.group-as-separate-jvms");
    }

    // A time budget of zero ends every group after its first step: single-step jobs, the same bits.
    System.setProperty("bmo.spark.group-seconds", "0");
    try {
      CliRunner.Result budget = train(cfg, dir.resolve("budget"), "--master", "local[2]");
      assertArrayEquals(new long[] {9, 9}, grouped(budget), budget.lastLine()); // all but 4, 8 and 12
      assertArrayEquals(omega, CliRunner.omegaFiles(dir.resolve("budget")));
      assertEquals(csv, metrics(dir.resolve("budget")));
    } finally {
      System.clearProperty("bmo.spark.group-seconds");
    }
  }

  @Test
  void aFailedGroupJobIsRunAgainOneJobPerStepWithTheSameBits() throws IOException {
    Path cfg = config();
    train(cfg, dir.resolve("single"), "--set", "spark.executor=local");
    FaultInjection.failTaskOnceAt(2); // inside the first group (steps 1-4 are indexes 0-3)
    CliRunner.Result r;
    try {
      r = train(cfg, dir.resolve("failed"), "--master", "local[2]");
    } finally {
      FaultInjection.failTaskOnceAt(-1);
    }
    // The failed group's first step ran as its own job (a warning is logged), then groups went on: 2-4, 5-8, 9-12.
    assertArrayEquals(new long[] {11, 3}, grouped(r), r.lastLine());
    assertArrayEquals(CliRunner.omegaFiles(dir.resolve("single")), CliRunner.omegaFiles(dir.resolve("failed")));
    assertEquals(metrics(dir.resolve("single")), metrics(dir.resolve("failed")));
  }

  @Test
  void aDivergenceInsideAGroupEndsTheRunAsOneJobPerStepDoes() throws IOException {
    Path cfg = config();
    String[] huge = {"--set", "optimizer.type=sgd", "--set", "optimizer.lr=1e200", "--set",
        "train.checkpoint-every=12", "--set", "train.eval-every=0", "--set", "spark.executor=local"};
    CliRunner.Result a = CliRunner.train(cfg, dir.resolve("a"), huge);
    huge[huge.length - 1] = "spark.executor=spark";
    CliRunner.Result b = CliRunner.train(cfg, dir.resolve("b"), append(huge, "--master", "local[2]"));
    assertEquals(1, a.code(), a.err());
    assertEquals(1, b.code(), b.err());
    String lineA = divergence(a.err());
    assertTrue(lineA.contains("diverged at step"), a.err());
    assertEquals(lineA.replace(dir.resolve("a").toString(), "RUN"), divergence(b.err())
        .replace(dir.resolve("b").toString(), "RUN"), "the same step, parameter and value");
    assertEquals(metrics(dir.resolve("a")), metrics(dir.resolve("b")), "the rows before the divergence");
    assertFalse(Files.readString(dir.resolve("b/metrics.csv")).isBlank());
    assertTrue(Files.readString(dir.resolve("b/manifest.json")).contains("\"status\": \"diverged\""));
  }

  private static String[] append(String[] a, String... more) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static String divergence(String err) {
    return err.lines().filter(l -> l.contains("diverged at step")).findFirst().orElse(err);
  }

  private static String metrics(Path run) throws IOException {
    return CliRunner.stripTimes(Files.readString(run.resolve("metrics.csv")));
  }
}
