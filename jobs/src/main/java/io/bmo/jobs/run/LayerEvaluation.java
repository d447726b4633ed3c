package io.bmo.jobs.run;

import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
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

  /** A run checked and loaded for evaluation: nothing computed, nothing written, no Spark yet. */
  public record Prepared(RunStore store, TrainConfig config, RunSetup setup, double[] omega, String omegaSource,
      int[] depths) {}

  /**
   * Checks the depths, the run directory and its files and loads ω (final, else the latest checkpoint).
   *
   * @param depths null for {@link #defaultDepths}
   * @throws UserError when a depth is out of range or the directory is not an evaluable sparse-coding run
   */
  public static Prepared prepare(String runDir, int[] depths, Configuration hadoop) {
    if (depths != null) {
      checkDepths(depths);
    }
    RunStore store = StoredRun.open(runDir, hadoop);
    TrainConfig cfg = StoredRun.trainConfig(store);
    if (cfg.problem() != TrainConfig.Problem.SPARSE_CODING) {
      throw new UserError(runDir + ": depth evaluation (--layers) is for sparse-coding runs");
    }
    RunSetup setup = RunSetups.create(cfg, hadoop);
    if (setup.testPlan() == null) {
      throw new UserError(runDir + ": the run has no test set (data.test-examples = 0 and no test files)");
    }
    double[] omega;
    String source;
    if (exists(store, "omega")) {
      omega = StoredRun.omega(store, "omega", setup.problem().layout());
      source = "omega";
    } else {
      RunStore.Checkpoint ck = StoredRun.latestCheckpoint(store, setup.problem().layout());
      if (ck == null) {
        throw new UserError(runDir + ": no final omega/ and no checkpoint to evaluate");
      }
      omega = ck.omega();
      source = "checkpoint step " + ck.step();
    }
    int[] ds = depths != null ? depths : defaultDepths(cfg.model().layers());
    return new Prepared(store, cfg, setup, omega, source, Arrays.stream(ds).distinct().sorted().toArray());
  }

  private static void checkDepths(int[] depths) {
    for (int d : depths) {
      if (d < 1 || d > 100_000) {
        throw new UserError("--layers: each depth must be in [1, 100000], got " + d);
      }
    }
  }

  private static boolean exists(RunStore store, String rel) {
    try {
      return store.exists(rel);
    } catch (IOException e) {
      throw new UserError(store.uri() + "/" + rel + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #prepare} then {@link #run(Prepared, SparkRuntime)}.
   *
   * @param depths null for {@link #defaultDepths}
   * @param spark the session to run on, or null for local threads
   * @throws UserError when the directory is not an evaluable sparse-coding run
   */
  public static Result run(String runDir, int[] depths, SparkRuntime spark, Configuration hadoop) throws IOException {
    return run(prepare(runDir, depths, hadoop), spark);
  }

  /**
   * Evaluates a prepared run and writes {@code nmse_vs_layers.csv} into it.
   *
   * @param spark the session to run on, or null for local threads
   */
  public static Result run(Prepared prep, SparkRuntime spark) throws IOException {
    RunStore store = prep.store();
    TrainConfig cfg = prep.config();
    RunSetup setup = prep.setup();
    double[] omega = prep.omega();
    int[] ds = prep.depths();
    int k = cfg.model().layers();
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
      return new Result(store.uri(), prep.omegaSource(), k, points);
    }
  }

}
