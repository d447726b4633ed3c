package io.bmo.jobs.cli;

import com.typesafe.config.ConfigFactory;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.train.ImagingShards;
import io.bmo.jobs.run.ImageInputs;
import io.bmo.jobs.run.ImagingEvaluation;
import io.bmo.jobs.run.ImagingSetup;
import io.bmo.jobs.run.LayerEvaluation;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *   <li>sparse-coding, {@code [--layers 1,2,4,…] [--local]}: test-set metrics with μ = 0 at each depth, including more layers
 *       than trained (layers past K reuse the last layer's parameters): BMO's claim is that the learned map keeps
 *       converging there. Writes {@code nmse_vs_layers.csv} into the run.</li>
 *   <li>denoise | deblur, {@code --images DIR [--save-images]}: whole images degraded like the run's test set and
 *       reconstructed by the learned lower level ({@link ImagingEvaluation}); mean PSNR of reconstructions and of
 *       the degraded inputs; per-image values to {@code evaluate_images.csv}, and with {@code --save-images}
 *       clean | degraded | reconstructed PNGs to {@code images/} in the run.</li>
 * </ul>
 * All inputs are read and checked before anything is written.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a trained run on its test set.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "run directory (local path or Hadoop URI)")
  String run;
  @Option(names = "--layers", split = ",", description = "depths to evaluate (default 1,2,4,…,256 and K)")
  int[] layers;
  @Option(names = "--images", description = "imaging runs: directory, glob or Hadoop URI of PNG/JPEG images")
  String images;
  @Option(names = "--save-images", description = "imaging runs: write clean|degraded|reconstructed PNGs")
  boolean saveImages;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit")
  String master;
  @Option(names = "--local", description = "sparse-coding runs: evaluate in this JVM instead of on Spark")
  boolean local;

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    RunStore store;
    try {
      store = new RunStore(run, hadoop);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(run + ": cannot open run directory: " + e.getMessage(), e);
    }
    if (!store.exists("config.conf")) {
      throw new UserError(run + ": not a run directory (no config.conf)");
    }
    TrainConfig cfg = TrainConfig.from(ConfigFactory.parseString(
        new String(store.read("config.conf"), StandardCharsets.UTF_8)).withFallback(ConfigLoader.defaults()).resolve());
    switch (cfg.problem()) {
      case DENOISE, DEBLUR -> {
        return imaging(cfg, store, hadoop);
      }
      case QUADRATIC -> throw new UserError(run + ": quadratic runs have nothing to evaluate (train reports "
          + "theta_error)");
      default -> {
        return sparseCoding(cfg, store, hadoop);
      }
    }
  }

  private int imaging(TrainConfig cfg, RunStore store, Configuration hadoop) throws Exception {
    if (layers != null) {
      throw new UserError("--layers: only for sparse-coding runs; this run is " + cfg.problem().id());
    }
    if (images == null) {
      throw new UserError("--images: required for " + cfg.problem().id() + " runs");
    }
    ForwardModel forward = ImagingSetup.forwardModel(cfg, hadoop);
    io.bmo.core.param.ParamLayout layout = ImagingShards.toParamLayout(cfg.imaging().regularizer().layout());
    Object[] loaded = omega(store, layout);
    List<ImageInputs.Named> imgs = ImageInputs.read(images, "--images", hadoop);
    List<ImagingEvaluation.Row> rows = ImagingEvaluation.run(cfg, forward, (double[]) loaded[0], imgs);
    rows.forEach(r -> System.err.println(ImagingEvaluation.describe(r)));
    ImagingEvaluation.write(store, rows, saveImages);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("omega", loaded[1]);
    res.putAll(ImagingEvaluation.summary(rows));
    res.put("csv", store.uri() + "/evaluate_images.csv");
    if (saveImages) {
      res.put("png_dir", store.uri() + "/images");
    }
    System.out.println(Json.write(res));
    return 0;
  }

  /** {ω, description of its source}: the final omega/ or else the latest checkpoint. */
  private Object[] omega(RunStore store, io.bmo.core.param.ParamLayout layout) throws IOException {
    if (store.exists("omega")) {
      return new Object[] {store.readOmega("omega", layout), "omega"};
    }
    RunStore.Checkpoint ck = store.latestCheckpoint(layout);
    if (ck == null) {
      throw new UserError(run + ": no final omega/ and no checkpoint to evaluate");
    }
    return new Object[] {ck.omega(), "checkpoint step " + ck.step()};
  }

  /** Sparse coding: test NMSE per depth through {@link LayerEvaluation} (Spark unless {@code --local}). */
  private int sparseCoding(TrainConfig cfg, RunStore store, Configuration hadoop) throws Exception {
    if (images != null || saveImages) {
      throw new UserError((images != null ? "--images" : "--save-images") + ": only for denoise/deblur runs");
    }
    SparkRuntime spark = local ? null : SparkRuntime.start("bmo evaluate", master);
    try {
      LayerEvaluation.Result r = LayerEvaluation.run(run, layers, spark, hadoop);
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
}
