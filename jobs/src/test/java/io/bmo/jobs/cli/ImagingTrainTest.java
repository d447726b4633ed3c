package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.image.ImageFiles;
import io.bmo.core.imaging.SyntheticImages;
import io.bmo.jobs.CliRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny denoise runs through the CLI (synthetic 16×16 images): FoE on Spark local[2] equals the single-JVM run bit for
 * bit; a TV run's outputs and metric columns; {@code evaluate --images} on it (per-image CSV, side-by-side PNGs) and
 * its one-line rejections that write nothing.
 */
class ImagingTrainTest {
  @TempDir
  Path dir;

  static final String[] TINY = {"--quiet", "--set", "data.crop-size=16", "--set", "data.train-examples=6", "--set",
      "data.test-examples=3", "--set", "train.steps=3", "--set", "train.batch-size=4", "--set", "train.block-size=2",
      "--set", "train.eval-every=3"};

  static CliRunner.Result train(String conf, Path out, String... extra) {
    java.util.List<String> a = new java.util.ArrayList<>(List.of("train", Path.of("..", "conf", conf).toString(),
        "--out", out.toString()));
    a.addAll(List.of(TINY));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  @Test
  void foeOnSparkLocal2EqualsSingleJvm() throws Exception {
    CliRunner.Result local = train("denoise-foe.conf", dir.resolve("local"), "--set", "spark.executor=local");
    assertEquals(0, local.code(), local.err());
    CliRunner.Result spark = train("denoise-foe.conf", dir.resolve("spark"), "--master", "local[2]");
    assertEquals(0, spark.code(), spark.err());
    for (String f : List.of("logScale", "logSmoothing", "weights", "filters")) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("local/omega/" + f + ".npy")),
          Files.readAllBytes(dir.resolve("spark/omega/" + f + ".npy")), f);
    }
    assertEquals(TrainCommandTest.stripTimes(Files.readString(dir.resolve("local/metrics.csv"))),
        TrainCommandTest.stripTimes(Files.readString(dir.resolve("spark/metrics.csv"))));
  }

  @Test
  void tinyDenoiseRunAndEvaluate() throws Exception {
    Path run = dir.resolve("run");
    CliRunner.Result r = train("denoise-tv.conf", run, "--set", "spark.executor=local");
    assertEquals(0, r.code(), r.err());
    String line = r.lastLine();
    assertTrue(line.contains("\"problem\":\"denoise\"") && line.contains("\"regularizer\":\"tv\""), line);
    for (String f : List.of("config.conf", "manifest.json", "metrics.csv", "omega/logScale.npy",
        "omega/logSmoothing.npy")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals("step,loss,grad_norm,train_psnr,test_psnr,test_input_psnr,lower_iterations,cg_iterations,"
        + "not_converged,cost,cost_cumulative,examples,seconds", csv.get(0));
    assertEquals(4, csv.size());
    String[] last = csv.get(3).split(",");
    double testPsnr = Double.parseDouble(last[4]);
    double inputPsnr = Double.parseDouble(last[5]);
    assertTrue(testPsnr > inputPsnr, "TV denoising improves on the noisy input: " + csv.get(3));
    assertTrue(Double.parseDouble(last[6]) > 0 && Double.parseDouble(last[7]) > 0, csv.get(3));

    Path imgs = dir.resolve("imgs");
    Files.createDirectories(imgs);
    SyntheticImages gen = new SyntheticImages(5, 20, 24);
    ImageFiles.writePng(gen.image(0), imgs.resolve("a.png"));
    ImageFiles.writePng(gen.image(1), imgs.resolve("b.png"));
    CliRunner.Result e = CliRunner.run("evaluate", "--run", run.toString(), "--images", imgs.toString(),
        "--save-images");
    assertEquals(0, e.code(), e.err());
    assertTrue(e.lastLine().contains("\"images\":2") && e.lastLine().contains("\"mean_psnr\":")
        && e.lastLine().contains("\"mean_input_psnr\":"), e.lastLine());
    List<String> per = Files.readAllLines(run.resolve("evaluate_images.csv"));
    assertEquals(3, per.size());
    assertTrue(per.get(1).startsWith("a.png,20,24,"), per.get(1));
    BufferedImage side = ImageIO.read(run.resolve("images/a.png").toFile());
    assertEquals(3 * 24 + 2 * ImageFiles.SEPARATOR, side.getWidth());
    assertEquals(20, side.getHeight());
  }

  @Test
  void evaluateRejectsBadInputsWritingNothing() throws Exception {
    Path run = dir.resolve("run");
    CliRunner.Result r = CliRunner.run("train", Path.of("..", "conf", "denoise-tv.conf").toString(), "--out",
        run.toString(), "--quiet", "--set", "spark.executor=local", "--set", "data.crop-size=8", "--set",
        "data.train-examples=2", "--set", "data.test-examples=0", "--set", "train.steps=1", "--set",
        "train.batch-size=0");
    assertEquals(0, r.code(), r.err());
    assertRejected(CliRunner.run("evaluate", "--run", run.toString()), "--images", run);
    assertRejected(CliRunner.run("evaluate", "--run", run.toString(), "--images", dir.resolve("none").toString()),
        "--images", run);
    Files.createDirectories(dir.resolve("empty"));
    assertRejected(CliRunner.run("evaluate", "--run", run.toString(), "--images", dir.resolve("empty").toString()),
        "no PNG/JPEG files", run);
    Files.createDirectories(dir.resolve("broken"));
    Files.writeString(dir.resolve("broken").resolve("x.png"), "no png");
    assertRejected(CliRunner.run("evaluate", "--run", run.toString(), "--images", dir.resolve("broken").toString()),
        "x.png", run);
    assertRejected(CliRunner.run("evaluate", "--run", run.toString(), "--images", dir.toString(), "--layers", "1"),
        "--layers", run);
    assertRejected(CliRunner.run("evaluate", "--run", dir.resolve("nope").toString(), "--images", dir.toString()),
        "nope", run);
  }

  static void assertRejected(CliRunner.Result r, String mentions, Path run) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line expected: " + err);
    assertTrue(err.contains(mentions), err);
    assertFalse(Files.exists(run.resolve("evaluate_images.csv")), "nothing may be written");
    assertFalse(Files.exists(run.resolve("images")), "nothing may be written");
  }
}
