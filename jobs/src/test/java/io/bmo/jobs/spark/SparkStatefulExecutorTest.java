package io.bmo.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.algorithms.InexactWork;
import io.bmo.core.algorithms.IsgdConfig;
import io.bmo.core.algorithms.IsgdRunner;
import io.bmo.core.algorithms.MaidConfig;
import io.bmo.core.algorithms.MaidRunner;
import io.bmo.core.algorithms.PowerSchedule;
import io.bmo.core.quadratic.QuadraticInexact;
import io.bmo.core.algorithms.StepRule;
import io.bmo.core.quadratic.QuadraticInstance;
import io.bmo.core.train.ShardPlan;
import io.bmo.jobs.state.LocalStatefulExecutor;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stateful Spark executor against the single-JVM drivers on the quadratic anchor (STYLE §10): ISGD and MAID on
 * Spark local[2,2] equal {@link IsgdRunner}/{@link MaidRunner} with their default in-JVM states bit for bit — also
 * when the cached state blocks are dropped mid-run (recomputed from lineage and RDD checkpoints), when a task fails
 * once after updating its copy (retried with {@code spark.task.maxFailures} = 2), and across a write/read of the
 * state files.
 */
class SparkStatefulExecutorTest {
  static final QuadraticInstance INSTANCE = QuadraticInstance.generate(7, 6, 3, 8, 10, 24);
  static final ShardPlan PLAN = new ShardPlan(24, 3, 4);
  static final int STEPS = 12;
  static JavaSparkContext jsc;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    jsc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("stateful-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.default.parallelism", "3") // one shard per partition: 3 partitions allow a deep reduction tree
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    jsc.stop();
  }

  static QuadraticInexact problem() {
    return new QuadraticInexact(INSTANCE, new double[INSTANCE.p()], 200);
  }

  static IsgdConfig isgd() {
    return new IsgdConfig(new PowerSchedule(1e-1, 0.7), PowerSchedule.constant(1e-2),
        new StepRule.Sgd(new PowerSchedule(0.05, 0.5)), 7, 3L);
  }

  SparkStatefulExecutor spark(QuadraticInexact p, int lineageEvery) {
    return new SparkStatefulExecutor(jsc, new InexactWork(p), PLAN, "t", dir.resolve("rdd-ck").toUri().toString(),
        lineageEvery, new Configuration());
  }

  @Test
  void isgdOnSparkEqualsSingleJvmRunnerEvenAfterLostBlocksAndFailedTask() {
    QuadraticInexact p = problem();
    IsgdRunner reference = new IsgdRunner(p, PLAN, isgd());
    reference.run(STEPS);
    try (SparkStatefulExecutor ex = spark(p, 4)) {
      IsgdRunner r = new IsgdRunner(p, isgd(), ex);
      for (int k = 0; k < STEPS; k++) {
        if (k == 6) {
          ex.dropCachedStates(); // as if every executor holding the states was lost
        }
        if (k == 9) {
          io.bmo.jobs.FaultInjection.failTaskOnceAt(k);
        }
        r.step();
      }
      assertArrayEquals(reference.theta(), r.theta());
      assertArrayEquals(reference.states(), ex.snapshot());
      assertEquals(reference.cumulative(), r.cumulative());
      assertTrue(ex.stateBytes() > 0);
      assertEquals(reference.states().length, PLAN.shards());
    }
  }

  @Test
  void shardSumsReducedInADeepTreeOnTheExecutorsGiveTheSameBits() {
    QuadraticInexact p = problem();
    IsgdRunner reference = new IsgdRunner(p, PLAN, isgd());
    reference.run(STEPS);
    System.setProperty("bmo.reduce.driver-merge-bytes", "1"); // a deep tree, the final merge on an executor
    try (SparkStatefulExecutor ex = spark(p, 0)) {
      assertTrue(ex.describe().contains("3 partitions"), ex.describe());
      TreeTotals.TreePlan tree = TreeTotals.plan(3, 29L * 7);
      assertTrue(tree.depth() >= 2 && tree.finalOnExecutor(), tree.toString());
      IsgdRunner r = new IsgdRunner(p, isgd(), ex);
      r.run(STEPS);
      assertArrayEquals(reference.theta(), r.theta());
      assertEquals(reference.cumulative(), r.cumulative());
    } finally {
      System.clearProperty("bmo.reduce.driver-merge-bytes");
    }
  }

  @Test
  void maidOnSparkEqualsSingleJvmRunner() {
    QuadraticInexact p = problem();
    MaidConfig cfg = MaidConfig.defaults(1e-1, 1e-1, 1.0);
    MaidRunner reference = new MaidRunner(p, PLAN, cfg);
    reference.run(8);
    try (SparkStatefulExecutor ex = spark(p, 3)) {
      MaidRunner r = new MaidRunner(p, cfg, ex);
      r.run(8);
      assertArrayEquals(reference.theta(), r.theta());
      assertArrayEquals(reference.states(), ex.snapshot());
      assertEquals(reference.cumulative(), r.cumulative());
    }
  }

  @Test
  void stateFilesRoundTripOnSparkAndLocally() throws Exception {
    QuadraticInexact p = problem();
    try (SparkStatefulExecutor ex = spark(p, 0)) {
      IsgdRunner r = new IsgdRunner(p, isgd(), ex);
      r.run(5);
      String ck = dir.resolve("ck").toUri().toString();
      ex.writeStates(ck);
      ExampleState[] before = ex.snapshot();
      LocalStatefulExecutor local = new LocalStatefulExecutor(new InexactWork(p), PLAN, new Configuration());
      local.readStates(ck);
      assertArrayEquals(before, local.snapshot());
      try (SparkStatefulExecutor other = spark(p, 2)) {
        other.readStates(ck);
        assertArrayEquals(before, other.snapshot());
      }
    }
  }
}
