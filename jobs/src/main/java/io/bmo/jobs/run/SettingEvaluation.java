package io.bmo.jobs.run;

import io.bmo.core.family.SettingTable;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
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
 * A run's {@link SettingTable}: test-set metrics at several values of the family's evaluation setting (e.g. depths,
 * including more layers than trained), on Spark or local threads. Writes the table's CSV (setting, then its columns)
 * into the run directory. Used by {@code evaluate --layers} and by sweeps for their best trials.
 */
public final class SettingEvaluation {
  /** One setting value's metrics, in the table's column order. */
  public record Point(int setting, double[] values) {}

  /** The evaluated run. */
  public record Result(String runUri, String omegaSource, SettingTable table, List<Point> points) {}

  private SettingEvaluation() {}

  /** A run checked and loaded for evaluation: nothing computed, nothing written, no Spark yet. */
  public record Prepared(RunStore store, TrainConfig config, FamilySetup setup, SettingTable table, double[] omega,
      String omegaSource, int[] settings) {}

  /**
   * Checks the values, the run directory and its files and loads ω (final, else the latest checkpoint).
   *
   * @param values null for the table's defaults
   * @param runDir the run directory
   * @param hadoop the Hadoop configuration
   * @return the prepared run
   * @throws UserError when a value is out of range or the run's family has no table (or no test set)
   */
  public static Prepared prepare(String runDir, int[] values, Configuration hadoop) {
    RunStore store = StoredRun.open(runDir, hadoop);
    TrainConfig cfg = StoredRun.trainConfig(store);
    FamilySetup setup = FamilySetup.create(cfg);
    SettingTable table = setup.run().settingTable();
    if (table == null) {
      throw new UserError(runDir + ": problem " + cfg.problemName() + " has no evaluation table (--layers), or the "
          + "run has no test set");
    }
    if (values != null) {
      for (int d : values) {
        if (d < 1 || d > table.max()) {
          throw new UserError("--layers: each " + table.setting() + " value must be in [1, " + table.max()
              + "], got " + d);
        }
      }
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
    int[] ds = values != null ? values : table.defaults();
    return new Prepared(store, cfg, setup, table, omega, source, Arrays.stream(ds).distinct().sorted().toArray());
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
   * @param values null for the table's defaults
   * @param spark the session to run on, or null for local threads
   * @param runDir the run directory
   * @param hadoop the Hadoop configuration
   * @return the table and its evaluated points
   * @throws IOException when a file cannot be read or written
   */
  public static Result run(String runDir, int[] values, SparkRuntime spark, Configuration hadoop) throws IOException {
    return run(prepare(runDir, values, hadoop), spark);
  }

  /**
   * Evaluates a prepared run and writes the table's CSV into it.
   *
   * @param spark the session to run on, or null for local threads
   * @param prep the prepared run
   * @return the table and its evaluated points
   * @throws IOException when a file cannot be written
   */
  public static Result run(Prepared prep, SparkRuntime spark) throws IOException {
    FamilySetup setup = prep.setup();
    SettingTable table = prep.table();
    int[] ds = prep.settings();
    try (ShardExecutor ex = spark != null
        ? spark.executor(setup.problem(), setup.trainPlan(), setup.testPlan(), prep.config().name() + "-eval")
        : new LocalExecutor(setup.problem(), setup.trainPlan(), setup.testPlan(),
            Runtime.getRuntime().availableProcessors())) {
      double[][] sums = Trainer.fold(ex.evaluate(prep.omega(), true, ds));
      StringBuilder csv = new StringBuilder(table.setting());
      table.columns().forEach(c -> csv.append(',').append(c));
      csv.append('\n');
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < ds.length; i++) {
        Point p = new Point(ds[i], table.row().values(sums[i]));
        points.add(p);
        csv.append(p.setting());
        for (double v : p.values()) {
          csv.append(',').append(v);
        }
        csv.append('\n');
      }
      prep.store().writeString(table.file(), csv.toString());
      return new Result(prep.store().uri(), prep.omegaSource(), table, points);
    }
  }
}
