package io.bmo.jobs.cli;

import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageEvaluation;
import io.bmo.core.family.SettingTable;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import java.io.ByteArrayOutputStream;
import io.bmo.core.param.ParamLayout;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.ImageInputs;
import io.bmo.jobs.run.PairEvaluation;
import io.bmo.jobs.run.RestorationEvaluation;
import io.bmo.jobs.run.SettingEvaluation;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.StoredRun;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --run DIR …}: evaluates a finished (or checkpointed) run through its family (the problem of its
 * stored {@code config.conf}); prints one JSON line.
 * <ul>
 *   <li>a family with an evaluation table ({@code FamilyRun#settingTable}), {@code [--layers 1,2,4,…]}: test-set
 *       metrics at each value of its setting, on Spark (e.g. sparse coding: test NMSE with μ = 0 at each depth,
 *       including more layers than trained: BMO's claim is that the learned map keeps converging there). Writes the
 *       table's CSV into the run ({@link SettingEvaluation}).</li>
 *   <li>a family that evaluates whole images its own way ({@code FamilyRun#evaluatesImages}),
 *       {@code --images DIR [--save-images]}: its {@code FamilyRun#evaluateImages} in this JVM (for denoise and
 *       deblur: images degraded like the run's test set, reconstructed by the learned lower level); its columns to
 *       {@code evaluate_images.csv}, its summary in the JSON line, and with {@code --save-images} its panels side by
 *       side as PNGs in {@code images/}.</li>
 *   <li>a plug-in family that restores images ({@code FamilyRun#restoresImages}),
 *       {@code --images DIR_OR_GLOB [--kernels DIR] [--noise SIGMA] [--save-images]}: every image degraded with
 *       every kernel and noise σ/255 from a fixed seed, restored with the learned ω ({@link RestorationEvaluation});
 *       mean PSNR and SSIM of the 8-bit results and of the inputs; per pair to {@code evaluate_images.csv}, and
 *       degraded | restored | clean PNGs to {@code images/}.</li>
 *   <li>a plug-in family that restores observed images ({@code FamilyRun#restoresObserved}),
 *       {@code --pairs DIR_OR_GLOB [--save-images]}: every {@code rain-NNN.png} restored and compared with its
 *       {@code norain-NNN.png} ({@link PairEvaluation}); mean PSNR and SSIM on 8-bit luma, of the restorations and of
 *       the inputs; per pair to {@code evaluate_pairs.csv}, observed | restored | clean PNGs and the first pair's
 *       stage grid to {@code pairs/}.</li>
 *   <li>any other plug-in family: its own evaluation of the final ω.</li>
 * </ul>
 * {@code --set KEY=VALUE} overrides one of the family's evaluation keys ({@code ProblemFamily#evaluationKeys}, e.g. a
 * self-ensemble) for this evaluation only; the JSON line lists them under {@code "set"}. All inputs are read and
 * checked before anything is written.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a trained run on its test set.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "run directory (local path or Hadoop URI)")
  String run;
  @Option(names = "--layers", split = ",", description = "families with an evaluation table: the setting's values, "
      + "e.g. depths (sparse coding's default: 1,2,4,…,256 and K)")
  int[] layers;
  @Option(names = "--images", description = "image families: directory, glob or Hadoop URI of PNG/JPEG images")
  String images;
  @Option(names = "--pairs", description = "families that restore observed images: directory, glob or Hadoop URI "
      + "of rain-NNN.png files, each compared with its norain-NNN.png")
  String pairs;
  @Option(names = "--save-images", description = "image families: write the images side by side as PNGs")
  boolean saveImages;
  @Option(names = "--kernels", description = "image restoration: directory of .npy blur kernels (every image is "
      + "blurred by every kernel)")
  String kernels;
  @Option(names = "--noise", description = "image restoration: noise level in units of 1/255 (2.55 = 1 %%; default 0)")
  Double noise;
  @Option(names = "--noise-seed", description = "image restoration: seed of the noise (default 0)")
  long noiseSeed;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit")
  String master;
  @Option(names = "--local", description = "evaluate in this JVM instead of on Spark")
  boolean local;
  @Option(names = "--threads", description = "image families: images restored at once in this JVM (default: the "
      + "processors; the same results for any count)")
  Integer threads;
  @Option(names = "--set", description = "an evaluation key of the run's family, key=value (repeatable), e.g. "
      + "pnp-deblur.self-ensemble=4; the keys the run was trained with cannot change")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    RunStore store = StoredRun.open(run, hadoop);
    if (threads != null && threads < 1) {
      throw new UserError("--threads: must be >= 1, got " + threads);
    }
    if (threads != null && images == null && pairs == null) {
      throw new UserError("--threads: only with --images or --pairs");
    }
    TrainConfig cfg = StoredRun.trainConfig(store, sets);
    FamilySetup setup = FamilySetup.create(cfg);
    if (setup.run().settingTable() != null && images == null && pairs == null && kernels == null && noise == null
        && !saveImages) {
      return table(hadoop);
    }
    return family(cfg, setup, store);
  }

  /** The family's evaluation table ({@link SettingEvaluation}) on Spark or, with {@code --local}, in this JVM. */
  private int table(Configuration hadoop) throws Exception {
    SettingEvaluation.Prepared prepared = SettingEvaluation.prepare(run, layers, hadoop);
    SparkRuntime spark = local ? null : SparkRuntime.start("bmo evaluate", master);
    try {
      SettingEvaluation.Result r = SettingEvaluation.run(prepared, spark);
      SettingTable t = r.table();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (SettingEvaluation.Point p : r.points()) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %4d", t.setting(), p.setting()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(t.setting(), p.setting());
        for (int c = 0; c < t.columns().size(); c++) {
          line.append(String.format(Locale.ROOT, "  %s %.4g", t.columns().get(c), p.values()[c]));
          row.put(t.columns().get(c), p.values()[c]);
        }
        System.err.println(line);
        rows.add(row);
      }
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("run_dir", r.runUri());
      res.put("omega", r.omegaSource());
      res.put("trained_" + t.setting(), t.trained());
      res.put(t.file().replaceAll("\\.csv$", ""), rows);
      System.out.println(Json.write(res));
      return 0;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /**
   * A family's image evaluation or restoration ({@code --images}), else its {@link FamilyRun#evaluate} of the final ω
   * (or the latest checkpoint's).
   */
  private int family(TrainConfig cfg, FamilySetup setup, RunStore store) throws Exception {
    FamilyRun family = setup.run();
    if (layers != null && family.settingTable() == null) {
      throw new UserError("--layers: not for problem " + cfg.problemName());
    }
    if (layers != null) {
      throw new UserError("--layers: not with --images, --pairs, --kernels, --noise or --save-images");
    }
    if (pairs != null) {
      return pairs(cfg, store, setup);
    }
    boolean restore = images != null && family.restoresImages();
    if (images == null && (kernels != null || noise != null || saveImages)) {
      throw new UserError((kernels != null ? "--kernels" : noise != null ? "--noise" : "--save-images")
          + ": needs --images");
    }
    if (images != null && !family.restoresImages() && !family.evaluatesImages()) {
      throw new UserError("--images: problem " + cfg.problemName() + " does not restore images");
    }
    if (images == null && family.evaluatesImages()) {
      throw new UserError("--images: required for " + cfg.problemName() + " runs");
    }
    if (!restore && (kernels != null || noise != null)) {
      throw new UserError((kernels != null ? "--kernels" : "--noise") + ": only for runs of a family that restores "
          + "images; this run is " + cfg.problemName());
    }
    if (noise != null && !(noise >= 0 && noise < 255)) {
      throw new UserError("--noise: must be in [0, 255) (units of 1/255), got " + noise);
    }
    ParamLayout layout = setup.problem().layout();
    Stored stored = stored(store, layout);
    double[] omega = stored.omega();
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", stored.source());
    putSets(res);
    if (images != null && !restore) {
      return familyImages(family, store, stored);
    }
    if (!restore) {
      res.putAll(setup.run().evaluate(omega));
      System.out.println(Json.write(res));
      return 0;
    }
    List<ImageInputs.Named> imgs = ImageInputs.read(images, "--images", new Configuration());
    List<io.bmo.core.family.ImageRestoration.Kernel> ks = RestorationEvaluation.kernels(kernels);
    double sigma = noise == null ? 0 : noise;
    List<RestorationEvaluation.Row> rows = RestorationEvaluation.run(setup.run(), omega, imgs, ks, sigma, noiseSeed,
        saveImages, threads());
    RestorationEvaluation.write(store, rows, saveImages);
    res.put("images", imgs.size());
    res.put("kernels", ks.size());
    res.put("noise", sigma);
    res.put("noise_seed", noiseSeed);
    res.putAll(RestorationEvaluation.summary(rows));
    res.put("csv", store.uri() + "/evaluate_images.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/images");
    }
    System.out.println(Json.write(res));
    return 0;
  }

  /** {@code --pairs}: every observed/clean pair restored by the family ({@link PairEvaluation}). */
  private int pairs(TrainConfig cfg, RunStore store, FamilySetup setup) throws Exception {
    if (images != null || kernels != null || noise != null) {
      throw new UserError((images != null ? "--images" : kernels != null ? "--kernels" : "--noise")
          + ": not with --pairs (the pairs hold the degraded images)");
    }
    if (!setup.run().restoresObserved()) {
      throw new UserError("--pairs: problem " + cfg.problemName() + " does not restore observed images");
    }
    Stored stored = stored(store, setup.problem().layout());
    List<PairEvaluation.Row> rows = PairEvaluation.run(setup.run(), stored.omega(), pairs, new Configuration(),
        saveImages, threads());
    PairEvaluation.write(store, rows);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", stored.source());
    putSets(res);
    res.putAll(PairEvaluation.summary(rows));
    res.put("csv", store.uri() + "/evaluate_pairs.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/pairs");
    }
    System.out.println(Json.write(res));
    return 0;
  }

  /** {@code --threads}, else the processors. */
  private int threads() {
    return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /** The {@code --set} overrides, as given, under {@code "set"} when there are any. */
  private void putSets(Map<String, Object> res) {
    if (!sets.isEmpty()) {
      res.put("set", List.copyOf(sets));
    }
  }

  /** ω to evaluate and where it came from ("omega", or "checkpoint step N"). */
  private record Stored(double[] omega, String source) {}

  /** The run's final ω, else its latest checkpoint's. */
  private Stored stored(RunStore store, ParamLayout layout) throws IOException {
    if (store.exists("omega")) {
      return new Stored(StoredRun.omega(store, "omega", layout), "omega");
    }
    RunStore.Checkpoint ck = StoredRun.latestCheckpoint(store, layout);
    if (ck == null) {
      throw new UserError(run + ": no final omega/ and no checkpoint to evaluate");
    }
    return new Stored(ck.omega(), "checkpoint step " + ck.step());
  }

  /** {@code --images} of a family that evaluates whole images its own way ({@link FamilyRun#evaluateImages}). */
  private int familyImages(FamilyRun family, RunStore store, Stored stored) throws Exception {
    List<FamilyConfig.Image> imgs = ImageInputs.read(images, "--images", new Configuration()).stream()
        .map(n -> new FamilyConfig.Image(n.name(), n.image().height(), n.image().width(), n.image().pixels()))
        .toList();
    ImageEvaluation ev = family.evaluateImages(stored.omega(), imgs);
    ev.rows().forEach(r -> System.err.println(r.description()));
    StringBuilder csv = new StringBuilder("image");
    ev.columns().forEach(c -> csv.append(',').append(c));
    csv.append('\n');
    for (ImageEvaluation.Row r : ev.rows()) {
      csv.append(r.name());
      r.values().forEach(v -> csv.append(',').append(v));
      csv.append('\n');
    }
    store.writeString("evaluate_images.csv", csv.toString());
    if (saveImages) {
      for (ImageEvaluation.Row r : ev.rows()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String base = r.name().replaceAll("\\.[^.]*$", "");
        ImageFiles.writePng(ImageFiles.sideBySide(r.panels().toArray(new GrayImage[0])), out, base);
        store.write("images/" + base + ".png", out.toByteArray());
      }
    }
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", stored.source());
    putSets(res);
    res.putAll(ev.summary());
    res.put("csv", store.uri() + "/evaluate_images.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/images");
    }
    System.out.println(Json.write(res));
    return 0;
  }
}
