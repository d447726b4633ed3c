package io.bmo.jobs.family;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pnp-deblur} family (a service of bmo-core): a denoiser run's weights feed the stages; training gives the
 * same ω and metrics on the single JVM and on Spark local[2]; with the network learned, ω starts from those weights;
 * bad values are named and nothing is written.
 */
class PnpDeblurFamilyTest {
  @TempDir
  Path dir;

  /** A finished tiny denoiser run (3 layers of 4 channels) whose weights the deblurring runs read. */
  Path denoiser() throws Exception {
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.dir = dir;
    Path cfg = d.conf();
    Path out = dir.resolve("denoiser-run");
    CliRunner.Result r = d.train(cfg, out, "--set", "spark.executor=local");
    assertEquals(0, r.code(), r.err());
    return out;
  }

  Path conf(Path den) throws Exception {
    Path c = dir.resolve("pnp.conf");
    Files.writeString(c, String.join("\n", "name = tiny-pnp", "problem = pnp-deblur",
        "pnp-deblur { images = \"" + dir.resolve("train") + "\", test-images = \"" + dir.resolve("test") + "\",",
        "  crop = 16, train-examples = 12, test-examples = 4, stages = 3, kernel-min = 3, kernel-max = 7,",
        "  denoiser-run = \"" + den + "\", depth = 3, width = 4 }",
        "optimizer { lr = 1e-2 }",
        "train { steps = 3, shards = 3, block-size = 2, batch-size = 6, eval-every = 3, checkpoint-every = 3 }", ""));
    return c;
  }

  CliRunner.Result train(Path cfg, Path out, String... extra) {
    return new DenoiserFamilyTest().train(cfg, out, extra);
  }

  @Test
  void singleJvmAndSparkGiveTheSameStageParameters() throws Exception {
    Path cfg = conf(denoiser());
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.dir = dir;
    CliRunner.Result spark = d.trainTwiceAndCompare(cfg);
    String last = spark.lastLine();
    assertTrue(last.contains("\"test_psnr_db\":") && last.contains("\"sigma_255\":["), last);
    assertTrue(Files.exists(dir.resolve("local/omega/log_rho.npy")));
    CliRunner.Result ev = CliRunner.run("evaluate", "--run", dir.resolve("local").toString());
    assertEquals(0, ev.code(), ev.err());
    assertTrue(ev.lastLine().contains("\"test_psnr_db\":"), ev.lastLine());
  }

  @Test
  void flippedStagesWithALearnedNetworkGiveTheSameBitsOnSpark() throws Exception {
    Path cfg = conf(denoiser());
    Files.writeString(cfg, Files.readString(cfg) + "pnp-deblur { flips = true, learn-network = true }\n");
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.dir = dir;
    d.trainTwiceAndCompare(cfg);
    assertTrue(Files.readString(dir.resolve("spark/manifest.json")).contains("\"flips\":true"));
    Path plain = dir.resolve("plain");
    assertEquals(0, train(conf(dir.resolve("denoiser-run")), plain, "--set", "spark.executor=local", "--set",
        "pnp-deblur.learn-network=true").code());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(plain.resolve("omega/log_rho.npy")),
        Files.readAllBytes(dir.resolve("local/omega/log_rho.npy"))), "the flips change the stages' gradient");
  }

  @Test
  void aLearnedNetworkStartsFromTheDenoiserRun() throws Exception {
    Path den = denoiser();
    Path cfg = conf(den);
    CliRunner.Result r = train(cfg, dir.resolve("learn"), "--set", "spark.executor=local", "--set",
        "pnp-deblur.learn-network=true", "--set", "train.steps=1", "--set", "optimizer.lr=1e-300");
    assertEquals(0, r.code(), r.err());
    // lr = 1e-300: the update is below every weight's ulp, so the final weights are the denoiser run's, block for block
    assertArrayEquals(Files.readAllBytes(den.resolve("omega/layer1.weight.npy")),
        Files.readAllBytes(dir.resolve("learn/omega/layer1.weight.npy")));
  }

  /** Two blur kernels as .npy files (a horizontal streak and a small diagonal one), each summing to 1. */
  Path kernels() throws Exception {
    Path d = dir.resolve("kernels");
    Files.createDirectories(d);
    io.bmo.datasets.io.Npy.write(d.resolve("kernel_1.npy"), new io.bmo.datasets.io.NpyArray(new int[] {1, 5},
        new double[] {0.2, 0.2, 0.2, 0.2, 0.2}));
    io.bmo.datasets.io.Npy.write(d.resolve("kernel_2.npy"), new io.bmo.datasets.io.NpyArray(new int[] {3, 3},
        new double[] {0.5, 0, 0, 0, 0.25, 0, 0, 0, 0.25}));
    return d;
  }

  @Test
  void evaluateDeblursEveryImageWithEveryKernelAndSavesThePairs() throws Exception {
    Path cfg = conf(denoiser());
    Path run = dir.resolve("run");
    assertEquals(0, train(cfg, run, "--set", "spark.executor=local").code());
    Path ks = kernels();
    String[] cmd = {"evaluate", "--run", run.toString(), "--images", dir.resolve("test").toString(), "--kernels",
        ks.toString(), "--noise", "2.55", "--save-images"};
    CliRunner.Result r = CliRunner.run(cmd);
    assertEquals(0, r.code(), r.err());
    String line = r.lastLine();
    for (String key : new String[] {"\"mean_psnr\":", "\"mean_ssim\":", "\"mean_input_psnr\":",
        "\"mean_input_ssim\":", "\"pairs\":4", "\"kernels\":2"}) {
      assertTrue(line.contains(key), key + " in " + line);
    }
    List<String> csv = Files.readAllLines(run.resolve("evaluate_images.csv"));
    assertEquals(5, csv.size(), String.join("\n", csv)); // header + 2 images x 2 kernels
    try (var pngs = Files.list(run.resolve("images"))) {
      assertEquals(4, pngs.count());
    }
    // The degradation is the protocol's (the datasets' BlurDegradation, noise seed 0, pair index 0): same input PSNR.
    String[] first = csv.get(1).split(",");
    io.bmo.core.imaging.GrayImage clean = io.bmo.datasets.image.Gray8.readGray8(
        dir.resolve("test").resolve(first[0]));
    io.bmo.core.imaging.GrayImage y = new io.bmo.datasets.deblur.BlurDegradation(2.55 / 255, 0).apply(clean,
        io.bmo.datasets.deblur.KernelFiles.read(ks.resolve(first[1] + ".npy")), 0);
    assertEquals(io.bmo.datasets.rain.ImageQuality.psnr(io.bmo.datasets.image.Gray8.quantize8(y), clean, 1.0),
        Double.parseDouble(first[4]), 0.0);
    // deterministic: the same command gives the same numbers, on one thread or two
    for (String threads : new String[] {"1", "2"}) {
      String[] withThreads = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
          java.util.stream.Stream.of("--threads", threads)).toArray(String[]::new);
      CliRunner.Result again = CliRunner.run(withThreads);
      assertEquals(0, again.code(), again.err());
      assertEquals(line.replaceAll("\"run_dir\":\"[^\"]*\"", ""),
          again.lastLine().replaceAll("\"run_dir\":\"[^\"]*\"", ""), "threads " + threads);
      assertEquals(csv, Files.readAllLines(run.resolve("evaluate_images.csv")), "threads " + threads);
    }
    CliRunner.Result zero = CliRunner.run(java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
        java.util.stream.Stream.of("--threads", "0")).toArray(String[]::new));
    assertEquals(2, zero.code(), zero.err());
    assertTrue(zero.err().contains("--threads: must be >= 1, got 0"), zero.err());
    // what the family needs is named
    CliRunner.Result noKernels = CliRunner.run("evaluate", "--run", run.toString(), "--images",
        dir.resolve("test").toString());
    assertEquals(2, noKernels.code(), noKernels.err());
    assertTrue(noKernels.err().contains("--kernels"), noKernels.err());
    CliRunner.Result noImages = CliRunner.run("evaluate", "--run", run.toString(), "--kernels", ks.toString());
    assertEquals(2, noImages.code(), noImages.err());
    assertTrue(noImages.err().contains("--kernels: needs --images"), noImages.err());
  }

  /**
   * {@code pnp-deblur.self-ensemble} leaves training alone (the same ω bit for bit as one pass) and is named in the
   * manifest; evaluate --images --kernels then deblurs with the four flips, which changes the restored images.
   */
  @Test
  void aSelfEnsembleLeavesTrainingAloneAndChangesTheDeblurredImages() throws Exception {
    Path cfg = conf(denoiser());
    Path one = dir.resolve("one");
    Path four = dir.resolve("four");
    assertEquals(0, train(cfg, one, "--set", "spark.executor=local").code());
    assertEquals(0, train(cfg, four, "--set", "spark.executor=local", "--set", "pnp-deblur.self-ensemble=4").code());
    for (String f : new String[] {"log_rho.npy", "log_sigma.npy"}) {
      assertArrayEquals(Files.readAllBytes(one.resolve("omega/" + f)), Files.readAllBytes(four.resolve("omega/" + f)),
          f);
    }
    assertTrue(Files.readString(four.resolve("manifest.json")).matches("(?s).*\"self_ensemble\":\\s*4\\b.*"));
    assertFalse(Files.readString(one.resolve("manifest.json")).contains("self_ensemble"));
    Path ks = kernels();
    for (Path run : java.util.List.of(one, four)) {
      CliRunner.Result ev = CliRunner.run("evaluate", "--run", run.toString(), "--images",
          dir.resolve("test").toString(), "--kernels", ks.toString(), "--noise", "2.55");
      assertEquals(0, ev.code(), ev.err());
    }
    List<String> a = Files.readAllLines(one.resolve("evaluate_images.csv"));
    List<String> b = Files.readAllLines(four.resolve("evaluate_images.csv"));
    assertEquals(a.size(), b.size());
    for (int i = 1; i < a.size(); i++) {
      String[] ra = a.get(i).split(",");
      String[] rb = b.get(i).split(",");
      assertEquals(ra[4], rb[4], "the same observation, line " + i);
      assertFalse(ra[6].equals(rb[6]), "four passes deblur to another image, line " + i + ": " + a.get(i));
    }
    // evaluate --set: the one-pass run evaluated with the four flips gives the four-flip run's table
    CliRunner.Result set = CliRunner.run("evaluate", "--run", one.toString(), "--images",
        dir.resolve("test").toString(), "--kernels", ks.toString(), "--noise", "2.55", "--set",
        "pnp-deblur.self-ensemble=4");
    assertEquals(0, set.code(), set.err());
    assertTrue(set.lastLine().contains("\"set\":[\"pnp-deblur.self-ensemble=4\"]"), set.lastLine());
    assertEquals(b, Files.readAllLines(one.resolve("evaluate_images.csv")));
    // only evaluation keys, at valid values; nothing is written
    String[][] bad = {{"pnp-deblur.stages=2", "pnp-deblur.stages is not an evaluation key of problem pnp-deblur"},
        {"pnp-deblur.self-ensemble=3", "pnp-deblur.self-ensemble"}, {"self-ensemble", "expected key=value"}};
    for (String[] c : bad) {
      Files.delete(one.resolve("evaluate_images.csv"));
      CliRunner.Result r = CliRunner.run("evaluate", "--run", one.toString(), "--images",
          dir.resolve("test").toString(), "--kernels", ks.toString(), "--noise", "2.55", "--set", c[0]);
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(one.resolve("evaluate_images.csv")), c[0]);
      Files.writeString(one.resolve("evaluate_images.csv"), "");
    }
  }

  @Test
  void badValuesAreNamedAndNothingIsWritten() throws Exception {
    Path den = denoiser();
    Path cfg = conf(den);
    String[][] cases = {
        {"pnp-deblur.crop=40", "pnp-deblur.crop"},
        {"pnp-deblur.kernel-max=8", "pnp-deblur.kernel-max"},
        {"pnp-deblur.mu=1.5", "pnp-deblur.mu"},
        {"pnp-deblur.width=8", "pnp-deblur.denoiser-run"}, // the stored weights have another shape
        {"pnp-deblur.denoiser-run=\"" + dir.resolve("nowhere") + "\"", "pnp-deblur.denoiser-run"},
        {"pnp-deblur.project=maybe", "pnp-deblur.project"},
        {"pnp-deblur.noise=0", "pnp-deblur.noise"},
        {"pnp-deblur.self-ensemble=3", "pnp-deblur.self-ensemble"}};
    for (String[] c : cases) {
      Path out = dir.resolve("bad");
      CliRunner.Result r = train(cfg, out, "--set", c[0], "--set", "spark.executor=local");
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(out), c[0]);
    }
  }
}
