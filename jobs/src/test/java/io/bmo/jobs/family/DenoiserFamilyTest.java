package io.bmo.jobs.family;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code denoiser} family (a service of bmo-core, no engine code): pretraining on PNG files gives the
 * same network weights and metrics on the single JVM and on Spark local[2]; its section is validated naming keys.
 */
class DenoiserFamilyTest {
  @TempDir
  Path dir;

  void images(Path d, int count, int h, int w, double f) throws Exception {
    Files.createDirectories(d);
    for (int j = 0; j < count; j++) {
      double[] px = new double[h * w];
      for (int p = 0; p < px.length; p++) {
        px[p] = Math.round(255 * (0.5 + 0.4 * Math.sin(f * (j + 1) * p / w) * Math.cos(0.3 * p))) / 255.0;
      }
      ImageFiles.writePng(new GrayImage(h, w, px), d.resolve("im" + j + ".png"));
    }
  }

  Path conf() throws Exception {
    images(dir.resolve("train"), 3, 20, 24, 0.7);
    images(dir.resolve("test"), 2, 18, 21, 0.4);
    Path c = dir.resolve("denoiser.conf");
    Files.writeString(c, String.join("\n", "name = tiny-denoiser", "problem = denoiser",
        "denoiser { images = \"" + dir.resolve("train") + "\", test-images = \"" + dir.resolve("test") + "\",",
        "  patch = 12, train-examples = 24, test-examples = 6, depth = 3, width = 4, test-levels = \"15,25\" }",
        "optimizer { lr = 1e-3 }",
        "train { steps = 3, shards = 3, block-size = 4, eval-every = 3, checkpoint-every = 3 }", ""));
    return c;
  }

  CliRunner.Result train(Path cfg, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", cfg.toString(), "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  /**
   * Trains {@code cfg} on the single JVM into local/ and on Spark local[2] into spark/, asserts the same ω bytes and
   * the same metrics apart from timing, and returns the Spark run's result.
   */
  CliRunner.Result trainTwiceAndCompare(Path cfg) throws Exception {
    CliRunner.Result local = train(cfg, dir.resolve("local"), "--set", "spark.executor=local");
    assertEquals(0, local.code(), local.err());
    CliRunner.Result spark = train(cfg, dir.resolve("spark"), "--master", "local[2]");
    assertEquals(0, spark.code(), spark.err());
    assertArrayEquals(CliRunner.omegaFiles(dir.resolve("local")), CliRunner.omegaFiles(dir.resolve("spark")));
    assertEquals(RidgeFamilyTest.withoutSeconds(Files.readString(dir.resolve("local/metrics.csv"))),
        RidgeFamilyTest.withoutSeconds(Files.readString(dir.resolve("spark/metrics.csv"))));
    return spark;
  }

  @Test
  void singleJvmAndSparkGiveTheSameWeights() throws Exception {
    Path cfg = conf();
    CliRunner.Result spark = trainTwiceAndCompare(cfg);
    String last = spark.lastLine();
    assertTrue(last.contains("\"test_psnr_db_25\":") && last.contains("\"train_psnr_db\":"), last);
    assertTrue(Files.readString(dir.resolve("spark/manifest.json")).contains("\"network_parameters\""));
    // evaluate: the test PSNR of the saved (final) weights, the same for both runs; the last logged value is at
    // the weights before the last update, one small Adam step away
    CliRunner.Result ev = CliRunner.run("evaluate", "--run", dir.resolve("local").toString());
    CliRunner.Result ev2 = CliRunner.run("evaluate", "--run", dir.resolve("spark").toString());
    assertEquals(0, ev.code(), ev.err());
    String a = ev.lastLine().replaceAll("\"run_dir\":\"[^\"]*\"", "");
    assertEquals(a, ev2.lastLine().replaceAll("\"run_dir\":\"[^\"]*\"", ""));
    double logged = Double.parseDouble(last.replaceAll(".*\"test_psnr_db_25\":([-0-9.eE]+).*", "$1"));
    double evaluated = Double.parseDouble(a.replaceAll(".*\"test_psnr_db_25\":([-0-9.eE]+).*", "$1"));
    assertTrue(Math.abs(evaluated - logged) < 0.5, evaluated + " vs " + logged);
    // whole images: noise 25/255 from the fixed seed, the same line for both runs, input PSNR that of σ = 25/255
    String line = wholeImagesTheSameForBothRuns();
    double input = Double.parseDouble(line.replaceAll(".*\"mean_input_psnr\":([-0-9.eE]+).*", "$1"));
    assertTrue(input > 19.6 && input < 20.6, "20·log10(255/25) = 20.17 dB, up to clipping and 8 bits: " + input);
    assertTrue(line.contains("\"pairs\":2") && line.contains("\"mean_psnr\":"), line);
    CliRunner.Result blur = CliRunner.run("evaluate", "--run", dir.resolve("local").toString(), "--images",
        dir.resolve("test").toString(), "--kernels", dir.resolve("test").toString());
    assertEquals(2, blur.code(), blur.err());
    assertTrue(blur.err().contains("--kernels"), blur.err());
  }

  /**
   * A network on the 2 × 2 sub-images ({@code downsample = 2}): the same weights on both executors, and whole test
   * images of odd width (21) are denoised (the grid repeats their last column) with the same line from both runs.
   */
  @Test
  void aDownsampledNetworkGivesTheSameWeightsOnBothExecutors() throws Exception {
    Path cfg = conf();
    Files.writeString(cfg, Files.readString(cfg) + "denoiser { downsample = 2, dilations = \"1,2,1\" }\n");
    CliRunner.Result spark = trainTwiceAndCompare(cfg);
    assertTrue(Files.readString(dir.resolve("spark/manifest.json")).contains("\"network_parameters\": 588"),
        "4·8·9 + 4 + 4·4·9 + 4 + 4·4·9 + 4 = 588 weights and biases");
    assertTrue(spark.lastLine().contains("\"test_psnr_db_25\":"), spark.lastLine());
    assertTrue(wholeImagesTheSameForBothRuns().contains("\"pairs\":2"));
  }

  /**
   * A run written before keys were added (its {@code config.conf} lacks them) still evaluates and reproduces: each
   * missing key reads at the value from before it existed, so the lines and ω are those of the complete config.
   */
  @Test
  void aRunFromBeforeLaterKeysStillEvaluatesAndReproduces() throws Exception {
    Path cfg = conf();
    Path run = dir.resolve("old");
    assertEquals(0, train(cfg, run, "--set", "spark.executor=local").code());
    String[] whole = {"evaluate", "--run", run.toString(), "--images", dir.resolve("test").toString(), "--noise", "25"};
    CliRunner.Result before = CliRunner.run(whole);
    assertEquals(0, before.code(), before.err());
    Path stored = run.resolve("config.conf");
    String text = Files.readString(stored);
    String old = text.replaceAll("(?m)^\\s*\"(downsample|loss-weight-sigma|init-run|cosine-steps)\" : .*\n", "");
    assertEquals(text.lines().count() - 4, old.lines().count(), "four keys removed");
    Files.writeString(stored, old);
    CliRunner.Result after = CliRunner.run(whole);
    assertEquals(0, after.code(), after.err());
    assertEquals(before.lastLine(), after.lastLine());
    CliRunner.Result again = CliRunner.run("reproduce", run.toString(), "--out", dir.resolve("again").toString(),
        "--executor", "local");
    assertEquals(0, again.code(), again.err() + again.out());
    assertArrayEquals(CliRunner.omegaFiles(run), CliRunner.omegaFiles(dir.resolve("again")));
  }

  /** {@code evaluate --images test/ --noise 25} of local/ and spark/: the same line apart from paths, returned. */
  private String wholeImagesTheSameForBothRuns() {
    String[] whole = {"evaluate", "--run", dir.resolve("local").toString(), "--images", dir.resolve("test").toString(),
        "--noise", "25"};
    CliRunner.Result im = CliRunner.run(whole);
    assertEquals(0, im.code(), im.err());
    whole[2] = dir.resolve("spark").toString();
    CliRunner.Result im2 = CliRunner.run(whole);
    String line = im.lastLine().replaceAll("\"(run_dir|csv)\":\"[^\"]*\"", "");
    assertEquals(line, im2.lastLine().replaceAll("\"(run_dir|csv)\":\"[^\"]*\"", ""));
    return line;
  }

  @Test
  void badValuesAreNamedAndNothingIsWritten() throws Exception {
    Path cfg = conf();
    String[][] cases = {
        {"denoiser.kernel=4", "denoiser.kernel"},
        {"denoiser.patch=30", "denoiser.patch"},
        {"denoiser.dilations=\"1,2\"", "denoiser.dilations"},
        {"denoiser.padding=reflect", "denoiser.padding"},
        {"denoiser.images=\"" + dir.resolve("nowhere") + "\"", "denoiser.images"},
        {"denoiser.test-levels=\"a,b\"", "denoiser.test-levels"},
        {"denoiser.loss-weight-sigma=-1", "denoiser.loss-weight-sigma"},
        {"denoiser.downsample=0", "denoiser.downsample"},
        {"denoiser.downsample=5", "denoiser.downsample"}};
    for (String[] c : cases) {
      Path out = dir.resolve("bad");
      CliRunner.Result r = train(cfg, out, "--set", c[0], "--set", "spark.executor=local");
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(out), c[0]);
    }
  }
}
