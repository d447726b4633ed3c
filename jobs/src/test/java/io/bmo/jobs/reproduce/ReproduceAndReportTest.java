package io.bmo.jobs.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.train.LocalExecutor;
import io.bmo.jobs.Main;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.report.Report;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.TrainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reproduce on a single-JVM run (identical, then with a tampered ω) and report on a run directory; no Spark. */
class ReproduceAndReportTest {
  @TempDir
  Path tmp;

  private Path trainTinyRun() throws Exception {
    TrainConfig cfg = TrainConfig.from(ConfigLoader.load(Path.of("../conf/sparse-coding-smoke.conf"), List.of(
        "data.m=20", "data.n=40", "data.train-examples=64", "data.test-examples=32", "model.layers=4",
        "train.steps=4", "train.eval-every=2", "train.shards=2", "spark.executor=local", "train.threads=2")));
    Configuration hadoop = new Configuration();
    FamilySetup setup = FamilySetup.create(cfg);
    Path dir = tmp.resolve("run");
    try (LocalExecutor ex = new LocalExecutor(setup.problem(), setup.trainPlan(), setup.testPlan(), 2)) {
      TrainRun.run(cfg, setup, new RunStore(dir.toString(), hadoop), ex, "none", null, null);
    }
    return dir;
  }

  @Test
  void reproduceIsBitIdenticalAndDetectsADifference() throws Exception {
    Path run = trainTinyRun();
    assertEquals(0, Main.execute("reproduce", run.toString()));
    // Change the last entry of the stored ω by one ulp: reproduce must notice and fail.
    Path theta = run.resolve("omega/theta.npy");
    byte[] b = Files.readAllBytes(theta);
    b[b.length - 8] ^= 1;  // lowest mantissa bit of the last little-endian double
    Files.write(theta, b);
    Files.deleteIfExists(run.resolve("omega/.theta.npy.crc"));
    assertEquals(1, Main.execute("reproduce", run.toString(), "--executor", "local"));
    assertEquals(2, Main.execute("reproduce", tmp.resolve("nope").toString()));
  }

  @Test
  void reportOnARunDirectory() throws Exception {
    Path run = trainTinyRun();
    Files.writeString(run.resolve("nmse_vs_layers.csv"), "layers,test_nmse,test_nmse_db\n1,0.5,-3.0\n4,0.3,-5.2\n");
    Path index = Report.write(run);
    String html = Files.readString(index);
    for (String png : List.of("convergence_loss.png", "convergence_test_nmse_db.png", "nmse_vs_layers.png")) {
      assertTrue(html.contains(png), png);
      assertTrue(ImageIO.read(run.resolve("report").resolve(png).toFile()).getWidth() > 0, png);
    }
    assertEquals(2, Main.execute("report", tmp.resolve("empty").toString()));
  }
}
