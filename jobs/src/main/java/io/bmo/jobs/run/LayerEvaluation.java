package io.bmo.jobs.run;

import com.typesafe.config.ConfigFactory;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Test-set NMSE (μ = 0) and fixed-point residual of a sparse-coding run at several depths, including more layers
 * than trained (layers past K reuse the last layer's parameters). Writes {@code nmse_vs_layers.csv}
 * ({@code layers,test_nmse_db,fixed_point_residual}) into the run directory. Used by {@code evaluate} and sweeps.
 */
public final class LayerEvaluation {
  /** One depth's result. */
  public record Point(int layers, double testNmseDb, double residual) {}

  /** The evaluated run. */
  public record Result(String runUri, String omegaSource, int trainedLayers, List<Point> points) {}

  private LayerEvaluation() {}

  /** 1, 2, 4, …, 256 and K. */
  public static int[] defaultDepths(int k) {
    List<Integer> d = new ArrayList<>();
    for (int l = 1; l <= 256; l *= 2) {
      d.add(l);
    }
    d.add(k);
    return d.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
  }

  /**
   * @param depths null for {@link #defaultDepths}
   * @param spark the session to run on, or null for local threads
   * @throws UserError when the directory is not an evaluable sparse-coding run
   */
  public static Result run(String runDir, int[] depths, SparkRuntime spark, Configuration hadoop) throws IOException {
    RunStore store;
    try {
      store = new RunStore(runDir, hadoop);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(runDir + ": cannot open run directory: " + e.getMessage(), e);
    }
    if (!store.exists("config.conf")) {
      throw new UserError(runDir + ": not a run directory (no config.conf)");
    }
    TrainConfig cfg = TrainConfig.from(ConfigFactory.parseString(
        new String(store.read("config.conf"), StandardCharsets.UTF_8)).withFallback(ConfigLoader.defaults()).resolve());
    RunSetup setup = RunSetups.create(cfg, hadoop);
    if (!(setup.problem() instanceof SparseCodingShards)) {
      throw new UserError(runDir + ": depth evaluation (--layers) is for sparse-coding runs");
    }
    if (setup.testPlan() == null) {
      throw new UserError(runDir + ": the run has no test set (data.test-examples = 0 and no test files)");
    }
    double[] omega;
    String source;
    if (store.exists("omega")) {
      omega = store.readOmega("omega", setup.problem().layout());
      source = "omega";
    } else {
      RunStore.Checkpoint ck = store.latestCheckpoint(setup.problem().layout());
      if (ck == null) {
        throw new UserError(runDir + ": no final omega/ and no checkpoint to evaluate");
      }
      omega = ck.omega();
      source = "checkpoint step " + ck.step();
    }
    int k = cfg.model().layers();
    int[] ds = depths != null ? depths : defaultDepths(k);
    for (int d : ds) {
      if (d < 1 || d > 100_000) {
        throw new UserError("--layers: each depth must be in [1, 100000], got " + d);
      }
    }
    ds = Arrays.stream(ds).distinct().sorted().toArray();
    try (ShardExecutor ex = spark != null
        ? spark.executor(setup.problem(), setup.trainPlan(), setup.testPlan(), cfg.name() + "-eval")
        : new LocalExecutor(setup.problem(), setup.trainPlan(), setup.testPlan(),
            Runtime.getRuntime().availableProcessors())) {
      double[][] sums = Trainer.fold(ex.evaluate(omega, true, ds));
      StringBuilder csv = new StringBuilder("layers,test_nmse_db,fixed_point_residual\n");
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < ds.length; i++) {
        Point p = new Point(ds[i], SparseCodingShards.nmse(sums[i]), SparseCodingShards.residual(sums[i]));
        points.add(p);
        csv.append(p.layers()).append(',').append(p.testNmseDb()).append(',').append(p.residual()).append('\n');
      }
      store.writeString("nmse_vs_layers.csv", csv.toString());
      return new Result(store.uri(), source, k, points);
    }
  }

}
