package io.bmo.jobs.cli;

import io.bmo.core.family.FamilyRun;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.imaging.ImagingShards;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.ImageInputs;
import io.bmo.jobs.run.PairEvaluation;
import io.bmo.jobs.run.RestorationEvaluation;
import io.bmo.jobs.run.ImagingEvaluation;
import io.bmo.jobs.run.ImagingSetup;
import io.bmo.jobs.run.LayerEvaluation;
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
 * {@code evaluate --run DIR …}: evaluates a finished (or checkpointed) run, dispatching on the problem of its stored
 * {@code config.conf}; prints one JSON line.
 * <ul>
 *   <li>sparse-coding, {@code [--layers 1,2,4,…]}: test-set metrics with μ = 0 at each depth, including more layers
 *       than trained: BMO's claim is that the learned map keeps converging there. Writes {@code nmse_vs_layers.csv}
 *       into the run ({@link LayerEvaluation}).</li>
 *   <li>denoise | deblur, {@code --images DIR [--save-images]}: whole images degraded like the run's test set and
 *       reconstructed by the learned lower level ({@link ImagingEvaluation}, in this JVM); mean PSNR of
 *       reconstructions and of the degraded inputs; per-image values to {@code evaluate_images.csv}, and with
 *       {@code --save-images} clean | degraded | reconstructed PNGs to {@code images/} in the run.</li>
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
 * All inputs are read and checked before anything is written.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a trained run on its test set.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "run directory (local path or Hadoop URI)")
  String run;
  @Option(names = "--layers", split = ",", description = "sparse coding: depths to evaluate (default 1,2,4,…,256 and K)")
  int[] layers;
  @Option(names = "--images", description = "imaging runs: directory, glob or Hadoop URI of PNG/JPEG images")
  String images;
  @Option(names = "--pairs", description = "runs of a family that restores observed images: directory, glob or "
      + "Hadoop URI of rain-NNN.png files, each compared with its norain-NNN.png")
  String pairs;
  @Option(names = "--save-images", description = "imaging runs: write clean|degraded|reconstructed PNGs")
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

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    RunStore store = StoredRun.open(run, hadoop);
    TrainConfig cfg = StoredRun.trainConfig(store);
    if (cfg.problem() != TrainConfig.Problem.PLUGIN && (kernels != null || noise != null || pairs != null)) {
      throw new UserError((kernels != null ? "--kernels" : noise != null ? "--noise" : "--pairs") + ": only for runs"
          + " of a family that restores images; this run is " + cfg.problemName());
    }
    switch (cfg.problem()) {
      case DENOISE, DEBLUR -> {
        return imaging(cfg, store, hadoop);
      }
      case QUADRATIC -> throw new UserError(run + ": quadratic runs have nothing to evaluate (train reports "
          + "theta_error)");
      case PLUGIN -> {
        return plugin(cfg, store);
      }
      default -> {
        if (images != null || saveImages) {
          throw new UserError((images != null ? "--images" : "--save-images") + ": only for denoise/deblur runs");
        }
        return sparseCoding(hadoop);
      }
    }
  }

  private int sparseCoding(Configuration hadoop) throws Exception {
    LayerEvaluation.Prepared prepared = LayerEvaluation.prepare(run, layers, hadoop);
    SparkRuntime spark = local ? null : SparkRuntime.start("bmo evaluate", master);
    try {
      LayerEvaluation.Result r = LayerEvaluation.run(prepared, spark);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LayerEvaluation.Point p : r.points()) {
        System.err.printf(Locale.ROOT, "layers %4d  test NMSE %8.3f dB  fixed-point residual %.3e%n", p.layers(),
            p.testNmseDb(), p.residual());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("layers", p.layers());
        row.put("test_nmse_db", p.testNmseDb());
        row.put("fixed_point_residual", p.residual());
        rows.add(row);
      }
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("run_dir", r.runUri());
      res.put("omega", r.omegaSource());
      res.put("trained_layers", r.trainedLayers());
      res.put("nmse_vs_layers", rows);
      System.out.println(Json.write(res));
      return 0;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** A plug-in family: its {@link FamilyRun#evaluate} of the final ω (or the latest checkpoint's). */
  private int plugin(TrainConfig cfg, RunStore store) throws Exception {
    if (layers != null) {
      throw new UserError("--layers: not for problem " + cfg.problemName());
    }
    FamilySetup setup = FamilySetup.create(cfg);
    if (pairs != null) {
      return pairs(cfg, store, setup);
    }
    boolean restore = images != null;
    if (!restore && (kernels != null || noise != null || saveImages)) {
      throw new UserError((kernels != null ? "--kernels" : noise != null ? "--noise" : "--save-images")
          + ": needs --images");
    }
    if (restore && !setup.run().restoresImages()) {
      throw new UserError("--images: problem " + cfg.problemName() + " does not restore images");
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
    if (!restore) {
      res.putAll(setup.run().evaluate(omega));
      System.out.println(Json.write(res));
      return 0;
    }
    List<ImageInputs.Named> imgs = ImageInputs.read(images, "--images", new Configuration());
    List<io.bmo.core.family.ImageRestoration.Kernel> ks = RestorationEvaluation.kernels(kernels);
    double sigma = noise == null ? 0 : noise;
    List<RestorationEvaluation.Row> rows = RestorationEvaluation.run(setup.run(), omega, imgs, ks, sigma, noiseSeed,
        saveImages);
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
        saveImages);
    PairEvaluation.write(store, rows);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", stored.source());
    res.putAll(PairEvaluation.summary(rows));
    res.put("csv", store.uri() + "/evaluate_pairs.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/pairs");
    }
    System.out.println(Json.write(res));
    return 0;
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

  private int imaging(TrainConfig cfg, RunStore store, Configuration hadoop) throws Exception {
    if (layers != null) {
      throw new UserError("--layers: only for sparse-coding runs; this run is " + cfg.problem().id());
    }
    if (images == null) {
      throw new UserError("--images: required for " + cfg.problem().id() + " runs");
    }
    ForwardModel forward = ImagingSetup.forwardModel(cfg, hadoop);
    ParamLayout layout = ImagingShards.toParamLayout(cfg.imaging().regularizer().layout());
    Stored stored = stored(store, layout);
    double[] omega = stored.omega();
    String source = stored.source();
    List<ImageInputs.Named> imgs = ImageInputs.read(images, "--images", hadoop);
    List<ImagingEvaluation.Row> rows = ImagingEvaluation.run(cfg, forward, omega, imgs);
    rows.forEach(r -> System.err.println(ImagingEvaluation.describe(r)));
    ImagingEvaluation.write(store, rows, saveImages);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", source);
    res.putAll(ImagingEvaluation.summary(rows));
    res.put("csv", store.uri() + "/evaluate_images.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/images");
    }
    System.out.println(Json.write(res));
    return 0;
  }
}
