package io.bmo.jobs.family;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.derain.RainSpec;
import io.bmo.datasets.image.Gray8;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.rain.ImageQuality;
import io.bmo.datasets.rain.RainGenerator;
import io.bmo.datasets.rain.RainPairsWriter;
import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code derain} family (a service of bmo-core): training gives the same ω and metrics on the single JVM and on
 * Spark local[2]; {@code evaluate --pairs} derains rain-NNN.png against norain-NNN.png with the learned stages and
 * with the classical baseline; bad values are named and nothing is written.
 */
class DerainFamilyTest {
  @TempDir
  Path dir;

  Path conf() throws Exception {
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.images(dir.resolve("train"), 3, 20, 24, 0.7);
    d.images(dir.resolve("test"), 2, 18, 21, 0.4);
    Path c = dir.resolve("derain.conf");
    Files.writeString(c, String.join("\n", "name = tiny-derain", "problem = derain",
        "derain { images = \"" + dir.resolve("train") + "\", test-images = \"" + dir.resolve("test") + "\",",
        "  crop = 16, train-examples = 12, test-examples = 4, stages = 2, filters = 2, filter-size = 3,",
        "  depth = 3, width = 4, rain-density = 0.02, grid-examples = 2, classical-stages = 3 }",
        "optimizer { lr = 1e-2 }",
        "train { steps = 3, shards = 3, block-size = 2, batch-size = 6, eval-every = 3, checkpoint-every = 3 }", ""));
    return c;
  }

  CliRunner.Result train(Path cfg, Path out, String... extra) {
    return new DenoiserFamilyTest().train(cfg, out, extra);
  }

  @Test
  void singleJvmAndSparkGiveTheSameOmega() throws Exception {
    Path cfg = conf();
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.dir = dir;
    CliRunner.Result spark = d.trainTwiceAndCompare(cfg);
    String last = spark.lastLine();
    assertTrue(last.contains("\"test_psnr_db\":") && last.contains("\"eta\":["), last);
    assertTrue(Files.exists(dir.resolve("local/omega/filters.npy")));
    CliRunner.Result ev = CliRunner.run("evaluate", "--run", dir.resolve("local").toString());
    assertEquals(0, ev.code(), ev.err());
    assertTrue(ev.lastLine().contains("\"test_input_psnr_db\":"), ev.lastLine());
  }

  /** A learned split and one network per stage: Spark = the single JVM, reported, stored and evaluated. */
  @Test
  void aLearnedSplitAndStageNetworksAreTheSameOnSparkAndAreReported() throws Exception {
    String last = sameOnSparkWith("derain.split = learned\nderain.stage-networks = true\n");
    assertTrue(last.contains("\"split\":["), last);
    assertTrue(Files.exists(dir.resolve("local/omega/split_logit.npy")));
    double[] logits = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/split_logit.npy")).data();
    assertEquals(2, logits.length);
    assertTrue(logits[0] != 0.0 && logits[1] != 0.0, "the split moved from the even step");
    double[] first = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/stage1.layer1.weight.npy")).data();
    double[] second = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/stage2.layer1.weight.npy")).data();
    assertFalse(java.util.Arrays.equals(first, second), "the stages' networks started equal and moved apart");
    assertTrue(Files.readString(dir.resolve("local/manifest.json")).contains("\"stage_networks\": 2"));
    evaluatesPairs(dir.resolve("local"));
  }

  /** Stage flips: Spark = the single JVM, named in the manifest, evaluated on pairs. */
  @Test
  void flippedStagesAreTheSameOnSparkAndAreReported() throws Exception {
    sameOnSparkWith("derain.flips = true\n");
    assertTrue(Files.readString(dir.resolve("local/manifest.json")).contains("\"stage_flips\": true"));
    evaluatesPairs(dir.resolve("local"));
  }

  /** Trains the test config plus {@code extra} in the single JVM and on Spark, asserts the same ω; the last line. */
  private String sameOnSparkWith(String extra) throws Exception {
    Path cfg = conf();
    Files.writeString(cfg, Files.readString(cfg) + extra);
    DenoiserFamilyTest d = new DenoiserFamilyTest();
    d.dir = dir;
    return d.trainTwiceAndCompare(cfg).lastLine();
  }

  /** {@code evaluate --pairs} on the run succeeds and reports the mean PSNR. */
  private void evaluatesPairs(Path run) throws Exception {
    CliRunner.Result ev = CliRunner.run("evaluate", "--run", run.toString(), "--pairs", pairs().toString());
    assertEquals(0, ev.code(), ev.err());
    assertTrue(ev.lastLine().contains("\"mean_psnr\":"), ev.lastLine());
  }

  /**
   * The learned blend of B_K and O − R_K: the same ω on Spark and in the single JVM, its logit moved from 0, the
   * manifest names the output and the result reports γ; evaluate restores with it.
   */
  @Test
  void aBlendOutputIsTheSameOnSparkAndIsReported() throws Exception {
    String last = sameOnSparkWith("derain.output = blend\n");
    assertTrue(last.contains("\"output_weight\":"), last);
    double[] logit = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/output_logit.npy")).data();
    assertEquals(1, logit.length);
    assertTrue(logit[0] != 0.0, "the blend moved from 1/2");
    double gamma = Double.parseDouble(last.replaceAll(".*\"output_weight\":([-0-9.eE]+).*", "$1"));
    assertEquals(1 / (1 + Math.exp(-logit[0])), gamma, 1e-12);
    assertTrue(Files.readString(dir.resolve("local/manifest.json")).contains("\"output\": \"blend\""));
    evaluatesPairs(dir.resolve("local"));
  }

  /**
   * The gated output: the same ω on Spark and in the single JVM, the gate logit moved from its start and the gate
   * network's last layer from zero, the manifest names the output and the gate's size; evaluate restores with it.
   */
  @Test
  void aGatedOutputIsTheSameOnSparkAndIsReported() throws Exception {
    String last = sameOnSparkWith("derain.output = gated\nderain { gate-depth = 2, gate-width = 3,"
        + " gate-dilations = \"1,2\" }\n");
    assertTrue(last.contains("\"gate_logit\":"), last);
    double[] logit = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/output_logit.npy")).data();
    assertEquals(1, logit.length);
    assertTrue(logit[0] != -4.0, "the gate logit moved from its start");
    double[] lastLayer = io.bmo.datasets.io.Npy.read(dir.resolve("local/omega/gate.layer1.weight.npy")).data();
    assertEquals(3 * 9, lastLayer.length);
    assertTrue(java.util.Arrays.stream(lastLayer).anyMatch(v -> v != 0.0), "the gate's last layer moved from zero");
    String manifest = Files.readString(dir.resolve("local/manifest.json"));
    assertTrue(manifest.contains("\"output\": \"gated\"") && manifest.contains("\"gate_parameters\": "
        + (2 * 9 * 3 + 3 + 3 * 9 + 1)), manifest);
    evaluatesPairs(dir.resolve("local"));
  }

  /**
   * {@code train.init-run}: a gated model started from a finished background run holds that run's blocks bit for bit
   * and the gate's own start; with the copied blocks frozen ({@code optimizer.lr-scale} 0) only the gate moves; a
   * missing run and a run of other shapes are named, exit 2, nothing written.
   */
  @Test
  void aGateStartsFromAFinishedRunAndTrainsAloneOnItsFrozenStages() throws Exception {
    Path cfg = conf();
    CliRunner.Result base = train(cfg, dir.resolve("base"), "--set", "spark.executor=local");
    assertEquals(0, base.code(), base.err());
    List<String> gated = List.of("--set", "spark.executor=local", "--set", "derain.output=gated", "--set",
        "derain.gate-depth=2", "--set", "derain.gate-width=3", "--set", "derain.gate-dilations=\"1,2\"", "--set",
        "derain.gate-start-logit=0");
    List<String> from = List.of("--set", "train.init-run=\"" + dir.resolve("base") + "\"");
    List<String> start = List.of("--set", "train.steps=0");
    assertEquals(0, trainWith(cfg, "fresh", gated, start).code());
    CliRunner.Result started = trainWith(cfg, "started", gated, start, from);
    assertEquals(0, started.code(), started.err());
    List<String> copied = blockFiles(dir.resolve("base"));
    assertTrue(copied.contains("filters.npy") && copied.contains("layer0.weight.npy"), copied.toString());
    for (String f : blockFiles(dir.resolve("started"))) {
      Path want = copied.contains(f) ? dir.resolve("base/omega/" + f) : dir.resolve("fresh/omega/" + f);
      assertArrayEquals(Files.readAllBytes(want), Files.readAllBytes(dir.resolve("started/omega/" + f)), f);
    }
    assertEquals(0.0, io.bmo.datasets.io.Npy.read(dir.resolve("started/omega/output_logit.npy")).data()[0]);
    // the copied blocks frozen: only the gate and its logit move
    List<String> frozen = new ArrayList<>();
    for (String f : copied) {
      frozen.addAll(List.of("--set", "optimizer.lr-scale.\"" + f.substring(0, f.length() - 4) + "\"=0"));
    }
    CliRunner.Result gate = trainWith(cfg, "gate", gated, from, frozen);
    assertEquals(0, gate.code(), gate.err());
    for (String f : copied) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("base/omega/" + f)),
          Files.readAllBytes(dir.resolve("gate/omega/" + f)), f + " stays frozen");
    }
    assertTrue(io.bmo.datasets.io.Npy.read(dir.resolve("gate/omega/output_logit.npy")).data()[0] != 0.0);
    assertTrue(java.util.Arrays.stream(io.bmo.datasets.io.Npy.read(dir.resolve("gate/omega/gate.layer1.weight.npy"))
        .data()).anyMatch(v -> v != 0.0), "the gate's last layer moved from zero");
    // bad runs: missing, and of other shapes
    CliRunner.Result missing = trainWith(cfg, "bad1", gated, List.of("--set", "train.init-run=\""
        + dir.resolve("nowhere") + "\""));
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("train.init-run") && missing.err().contains("nowhere"), missing.err());
    assertFalse(Files.exists(dir.resolve("bad1")));
    CliRunner.Result shapes = trainWith(cfg, "bad2", gated, from, List.of("--set", "derain.width=5"));
    assertEquals(2, shapes.code(), shapes.err());
    assertTrue(shapes.err().contains("train.init-run") && shapes.err().contains("layer0.weight"), shapes.err());
    assertFalse(Files.exists(dir.resolve("bad2")));
  }

  @SafeVarargs
  private CliRunner.Result trainWith(Path cfg, String out, List<String>... sets) {
    List<String> a = new ArrayList<>();
    for (List<String> s : sets) {
      a.addAll(s);
    }
    return train(cfg, dir.resolve(out), a.toArray(new String[0]));
  }

  /** The names of a local run's ω files, sorted. */
  static List<String> blockFiles(Path run) throws Exception {
    try (java.util.stream.Stream<Path> s = Files.list(run.resolve("omega"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Held-out pairs: the test images with light rain of seed 77, as rain-NNN.png / norain-NNN.png. */
  Path pairs() throws Exception {
    Path p = dir.resolve("pairs");
    assertEquals(2, RainPairsWriter.write(dir.resolve("test"), p, new RainGenerator(RainSpec.light(), 77)));
    return p;
  }

  /**
   * {@code derain.self-ensemble} leaves training alone (the same ω bit for bit as one pass) and is named in the
   * manifest; evaluate --pairs then restores with the four flips, which changes the restored images.
   */
  @Test
  void aSelfEnsembleLeavesTrainingAloneAndChangesTheRestoredPairs() throws Exception {
    Path cfg = conf();
    Path one = dir.resolve("one");
    Path four = dir.resolve("four");
    assertEquals(0, train(cfg, one, "--set", "spark.executor=local").code());
    assertEquals(0, train(cfg, four, "--set", "spark.executor=local", "--set", "derain.self-ensemble=4").code());
    for (String f : blockFiles(one)) {
      assertArrayEquals(Files.readAllBytes(one.resolve("omega/" + f)), Files.readAllBytes(four.resolve("omega/" + f)),
          f);
    }
    assertTrue(Files.readString(four.resolve("manifest.json")).contains("\"self_ensemble\": 4"));
    assertFalse(Files.readString(one.resolve("manifest.json")).contains("self_ensemble"));
    Path pairs = pairs();
    for (Path run : List.of(one, four)) {
      CliRunner.Result ev = CliRunner.run("evaluate", "--run", run.toString(), "--pairs", pairs.toString());
      assertEquals(0, ev.code(), ev.err());
    }
    List<String> a = Files.readAllLines(one.resolve("evaluate_pairs.csv"));
    List<String> b = Files.readAllLines(four.resolve("evaluate_pairs.csv"));
    assertEquals(a.size(), b.size());
    assertFalse(a.equals(b), "four passes restore other images than one");
    // evaluate --set: the one-pass run restored with the four flips gives the four-flip run's table
    CliRunner.Result set = CliRunner.run("evaluate", "--run", one.toString(), "--pairs", pairs.toString(), "--set",
        "derain.self-ensemble=4");
    assertEquals(0, set.code(), set.err());
    assertEquals(b, Files.readAllLines(one.resolve("evaluate_pairs.csv")));
  }

  @Test
  void evaluatePairsDerainsEveryPairAndSavesTheStages() throws Exception {
    Path cfg = conf();
    Path run = dir.resolve("run");
    assertEquals(0, train(cfg, run, "--set", "spark.executor=local").code());
    Path pairs = pairs();
    String[] cmd = {"evaluate", "--run", run.toString(), "--pairs", pairs.toString(), "--save-images"};
    CliRunner.Result r = CliRunner.run(cmd);
    assertEquals(0, r.code(), r.err());
    String line = r.lastLine();
    for (String key : new String[] {"\"mean_psnr\":", "\"mean_ssim\":", "\"mean_input_psnr\":",
        "\"mean_input_ssim\":", "\"pairs\":2"}) {
      assertTrue(line.contains(key), key + " in " + line);
    }
    List<String> csv = Files.readAllLines(run.resolve("evaluate_pairs.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(Files.exists(run.resolve("pairs/rain-001.png")) && Files.exists(run.resolve("pairs/rain-002.png")));
    // the stage grid of the first pair: B_k above R_k, 2 stages of 18 x 21 with separators
    GrayImage grid = io.bmo.datasets.image.ImageFiles.read(run.resolve("pairs/rain-001_stages.png"));
    assertEquals(2 * 18 + 2, grid.height());
    assertEquals(2 * 21 + 2, grid.width());
    // the input figures are the files' own: PSNR of the 8-bit rainy image against the 8-bit clean one
    String[] first = csv.get(1).split(",");
    assertEquals("rain-001.png", first[0]);
    double inPsnr = ImageQuality.psnr(Gray8.readGray8(pairs.resolve("rain-001.png")),
        Gray8.readGray8(pairs.resolve("norain-001.png")), 1.0);
    assertEquals(inPsnr, Double.parseDouble(first[3]), 0.0);
    // a glob works too, and the numbers are deterministic
    CliRunner.Result glob = CliRunner.run("evaluate", "--run", run.toString(), "--pairs",
        pairs.resolve("rain-00*.png").toString());
    assertEquals(0, glob.code(), glob.err());
    assertEquals(line.replaceAll(",\"png_dir\":\"[^\"]*\"", ""), glob.lastLine());
    // one thread or two: the same table, and the same stage grid (the first pair's)
    for (String threads : new String[] {"1", "2"}) {
      byte[] gridPng = Files.readAllBytes(run.resolve("pairs/rain-001_stages.png"));
      CliRunner.Result t = CliRunner.run("evaluate", "--run", run.toString(), "--pairs", pairs.toString(),
          "--save-images", "--threads", threads);
      assertEquals(0, t.code(), t.err());
      assertEquals(line, t.lastLine(), "threads " + threads);
      assertEquals(csv, Files.readAllLines(run.resolve("evaluate_pairs.csv")), "threads " + threads);
      assertArrayEquals(gridPng, Files.readAllBytes(run.resolve("pairs/rain-001_stages.png")), "threads " + threads);
    }
    // the classical baseline: grid-tuned at step 0, evaluated on the same pairs
    Path classical = dir.resolve("classical");
    CliRunner.Result c = train(cfg, classical, "--set", "spark.executor=local", "--set", "derain.model=classical",
        "--set", "train.steps=0");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.lastLine().contains("\"lambda\":"), c.lastLine());
    CliRunner.Result ce = CliRunner.run("evaluate", "--run", classical.toString(), "--pairs", pairs.toString());
    assertEquals(0, ce.code(), ce.err());
    assertTrue(ce.lastLine().contains("\"mean_input_psnr\":" + line.replaceAll(".*\"mean_input_psnr\":([-0-9.eE]+).*",
        "$1")), ce.lastLine());
    // a missing partner is named
    Files.delete(pairs.resolve("norain-002.png"));
    CliRunner.Result missing = CliRunner.run("evaluate", "--run", run.toString(), "--pairs", pairs.toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("norain-002.png"), missing.err());
  }

  @Test
  void badValuesAreNamedAndNothingIsWritten() throws Exception {
    Path cfg = conf();
    String[][] cases = {
        {"derain.crop=40", "derain.crop"},
        {"derain.model=deep", "derain.model"},
        {"derain.mu=1.5", "derain.mu"},
        {"derain.filter-size=4", "derain.filter-size"},
        {"derain.rain-width-max=0.5", "derain.rain-width-max"},
        {"derain.heavy-fraction=2", "derain.heavy-fraction"},
        {"derain.tau=0", "derain.tau"},
        {"derain.split=half", "derain.split"},
        {"derain.stage-networks=maybe", "derain.stage-networks"},
        {"derain.flips=sometimes", "derain.flips"},
        {"derain.output=rain", "derain.output"},
        {"derain.self-ensemble=3", "derain.self-ensemble"},
        {"derain.output=gated;derain.gate-dilations=\"1,2\"", "derain.gate-dilations"},
        {"derain.output=gated;derain.gate-width=0", "derain.gate-width"},
        {"derain.test-seed=1", "derain.test-seed"},
        {"derain.denoiser-run=\"" + dir.resolve("nowhere") + "\"", "derain.denoiser-run"},
        {"derain.grid-examples=13", "derain.grid-examples"},
        {"derain.nonsense=1", "derain.nonsense"}};
    for (String[] c : cases) {
      Path out = dir.resolve("bad");
      java.util.List<String> args = new java.util.ArrayList<>();
      for (String set : c[0].split(";")) { // several keys of one case, separated by ';'
        args.add("--set");
        args.add(set);
      }
      args.add("--set");
      args.add("spark.executor=local");
      CliRunner.Result r = train(cfg, out, args.toArray(String[]::new));
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(out), c[0]);
    }
  }
}
