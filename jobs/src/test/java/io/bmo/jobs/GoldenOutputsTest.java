package io.bmo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output bits of every shipped training config (a few steps each; the image families on small generated images), of
 * each algorithm type (bmo, isgd, maid, joint) and of conf/sweep-tiny.conf, against SHA-256 digests recorded in {@code golden/outputs.txt}: ω .npy files byte for
 * byte, CSV tables without their wall-time columns. A refactoring that promises the same bits must leave this test
 * passing unchanged. Re-record (only for an intended change of bits) with
 * {@code -Dbmo.golden.record=/absolute/path/outputs.txt}.
 */
class GoldenOutputsTest {
  static final String RESOURCE = "/golden/outputs.txt";

  @TempDir
  Path dir;

  /** One training case: name, config file under conf/, executor and master, and --set overrides. */
  record Case(String name, String conf, String master, String... sets) {}

  static final String[] IMAGING_SMALL = {"train.steps=2", "train.eval-every=1", "train.checkpoint-every=2",
      "data.train-examples=8", "data.test-examples=4", "train.batch-size=4", "train.block-size=2"};

  static List<Case> cases() {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case("smoke-local", "sparse-coding-smoke.conf", null, "train.steps=4", "train.eval-every=2"));
    cs.add(new Case("smoke-spark", "sparse-coding-smoke.conf", "local[2]", "train.steps=4", "train.eval-every=2"));
    cs.add(new Case("sparse-coding", "sparse-coding.conf", null, "train.steps=2", "train.eval-every=1",
        "train.checkpoint-every=2", "train.batch-size=256", "data.test-examples=256", "train.shards=4"));
    cs.add(new Case("joint-bmo", "compare-joint.conf", null, "train.steps=3", "train.eval-every=3",
        "train.checkpoint-every=3"));
    cs.add(new Case("joint-joint", "compare-joint.conf", null, "algorithm.type=joint", "train.steps=3",
        "train.eval-every=3", "train.checkpoint-every=3"));
    cs.add(new Case("isgd", "compare-isgd-maid.conf", null, "train.steps=3", "train.eval-every=3",
        "train.checkpoint-every=3"));
    cs.add(new Case("isgd-spark", "compare-isgd-maid.conf", "local[2]", "train.steps=3", "train.eval-every=3",
        "train.checkpoint-every=3"));
    cs.add(new Case("maid", "compare-isgd-maid.conf", null, "algorithm.type=maid", "train.steps=3",
        "train.eval-every=3", "train.checkpoint-every=3"));
    cs.add(new Case("denoise-tv", "denoise-tv.conf", null, IMAGING_SMALL));
    cs.add(new Case("denoise-foe", "denoise-foe.conf", null, IMAGING_SMALL));
    cs.add(new Case("deblur-foe", "deblur-foe.conf", null, IMAGING_SMALL));
    cs.add(new Case("quadratic", "quadratic.conf", null, "train.steps=5", "train.eval-every=5"));
    return cs;
  }

  /** Small networks and sets for the shipped configs of the learned-network families. */
  static final String[] NETWORK_SMALL = {"depth=2", "width=4", "dilations=\"1,2\"", "test-examples=4"};

  /**
   * The families that read image directories (generated here, the same bits every run): the shipped configs of the
   * denoiser, plug-and-play deblurring (on the denoiser case's run) and both deraining models, at small sizes.
   */
  static List<Case> imageCases(Path train, Path test, Path denoiserRun) {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case("denoiser-pretrain", "denoiser-pretrain.conf", null, sets("denoiser", train, test,
        "patch=12", "train-examples=64", "train.steps=2", "train.batch-size=6", "train.eval-every=2",
        "train.checkpoint-every=2", "train.shards=3", "train.block-size=2")));
    cs.add(new Case("pnp-deblur", "pnp-deblur.conf", null, sets("pnp-deblur", train, test, "crop=16",
        "kernel-min=3", "kernel-max=9", "denoiser-run=" + denoiserRun, "stages=2", "train.steps=2", "train.batch-size=4", "train.eval-every=2",
        "train.checkpoint-every=2", "train.shards=2", "train.block-size=2")));
    cs.add(new Case("derain", "derain.conf", "local[2]", sets("derain", train, test, "crop=16", "stages=2",
        "filters=2", "train.steps=2", "train.batch-size=4", "train.eval-every=2", "train.checkpoint-every=2",
        "train.shards=2", "train.block-size=2")));
    cs.add(new Case("derain-classical", "derain-classical.conf", null, sets("derain", train, test, "crop=16",
        "classical-stages=3", "grid-examples=2")));
    return cs;
  }

  private static String[] sets(String section, Path train, Path test, String... own) {
    List<String> s = new ArrayList<>(List.of(section + ".images=" + train, section + ".test-images=" + test));
    for (String n : NETWORK_SMALL) {
      s.add(section + "." + n);
    }
    for (String o : own) {
      s.add(o.startsWith("train.") ? o : section + "." + o);
    }
    return s.toArray(new String[0]);
  }

  /** Gray 8-bit images of smooth structure, written as PNG: the same files every run. */
  static void images(Path d, int count, int h, int w, double f) throws IOException {
    Files.createDirectories(d);
    for (int j = 0; j < count; j++) {
      double[] px = new double[h * w];
      for (int p = 0; p < px.length; p++) {
        px[p] = Math.round(255 * (0.5 + 0.4 * Math.sin(f * (j + 1) * p / w) * Math.cos(0.3 * p))) / 255.0;
      }
      ImageFiles.writePng(new GrayImage(h, w, px), d.resolve("im" + j + ".png"));
    }
  }

  @Test
  void shippedConfigsKeepTheirBits() throws Exception {
    List<String> lines = new ArrayList<>();
    Path train = dir.resolve("images-train");
    Path test = dir.resolve("images-test");
    images(train, 3, 28, 30, 0.7);
    images(test, 2, 24, 26, 0.4);
    List<Case> all = new ArrayList<>(cases());
    all.addAll(imageCases(train, test, dir.resolve("denoiser-pretrain")));
    for (Case c : all) {
      Path out = dir.resolve(c.name());
      List<String> a = new ArrayList<>(List.of("train", Path.of("..", "conf", c.conf()).toString(),
          "--out", out.toString(), "--quiet"));
      for (String s : c.sets()) {
        a.addAll(List.of("--set", s));
      }
      if (c.master() == null) {
        a.addAll(List.of("--set", "spark.executor=local"));
      } else {
        a.addAll(List.of("--set", "spark.executor=spark", "--master", c.master()));
      }
      CliRunner.Result r = CliRunner.run(a.toArray(new String[0]));
      assertEquals(0, r.code(), c.name() + ": " + r.err());
      digests(c.name(), out, lines);
    }
    Path sweep = dir.resolve("sweep-tiny");
    CliRunner.Result r = CliRunner.run("sweep", Path.of("..", "conf", "sweep-tiny.conf").toString(), "--out",
        sweep.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    digests("sweep-tiny", sweep, lines);

    String actual = String.join("\n", lines) + "\n";
    String record = System.getProperty("bmo.golden.record");
    if (record != null) {
      Files.writeString(Path.of(record), actual);
      return;
    }
    assertEquals(expected(), actual);
  }

  static String expected() throws IOException {
    try (InputStream in = GoldenOutputsTest.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Appends "case relative-path sha256" for every .npy under an omega/ folder and every .csv, sorted by path. */
  static void digests(String name, Path root, List<String> lines) throws IOException, NoSuchAlgorithmException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).filter(p -> {
        String rel = root.relativize(p).toString().replace('\\', '/');
        return rel.endsWith(".csv") || (rel.endsWith(".npy") && rel.contains("omega/"));
      }).sorted().toList();
    }
    for (Path p : files) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      byte[] bytes = rel.endsWith(".csv")
          ? withoutTiming(Files.readString(p)).getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(p);
      lines.add(name + " " + rel + " " + sha256(bytes));
    }
  }

  /** The CSV text without the columns whose header is {@code seconds} or ends in {@code _seconds}. */
  static String withoutTiming(String csv) {
    String[] rows = csv.split("\n", -1);
    String[] header = rows[0].split(",", -1);
    List<Integer> keep = new ArrayList<>();
    for (int j = 0; j < header.length; j++) {
      if (!header[j].equals("seconds") && !header[j].endsWith("_seconds")) {
        keep.add(j);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String row : rows) {
      if (row.isEmpty()) {
        continue;
      }
      String[] f = row.split(",", -1);
      List<String> kept = new ArrayList<>();
      for (int j : keep) {
        kept.add(j < f.length ? f[j] : "");
      }
      sb.append(String.join(",", kept)).append('\n');
    }
    return sb.toString();
  }

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
