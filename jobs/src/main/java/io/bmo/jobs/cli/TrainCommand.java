package io.bmo.jobs.cli;

import io.bmo.core.blas.KernelCheck;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.run.MetricsParquet;
import io.bmo.jobs.run.TrainRun;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.StoredRun;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code train}: bilevel training of a sparse-coding model, distributed on Spark (or in one JVM with
 * {@code spark.executor = local}). Validates the whole config and the data before starting Spark or writing
 * anything; checkpoints atomically; {@code --resume DIR} continues bit-identically from the last checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train omega by bilevel optimization.")
public final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "HOCON config (not with --resume)")
  Path configFile;
  @Option(names = "--set", description = "override a config key: key=value (repeatable)")
  List<String> sets = new ArrayList<>();
  @Option(names = "--out", description = "run directory (local path or Hadoop URI); default runs/<time>-<name>")
  String out;
  @Option(names = "--resume", description = "continue the run in this directory from its last checkpoint")
  String resume;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit (default local[*])")
  String master;
  @Option(names = "--quiet", description = "no per-step progress lines")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    RunStore store = null;
    TrainConfig cfg;
    if (resume != null) {
      if (configFile != null || !sets.isEmpty() || out != null) {
        throw new UserError("--resume takes the run's stored config: do not pass CONFIG, --set or --out with it");
      }
      store = StoredRun.open(resume, hadoop);
      cfg = StoredRun.trainConfig(store);
    } else {
      if (configFile == null) {
        throw new UserError("CONFIG is required (or --resume DIR)");
      }
      cfg = TrainConfig.from(ConfigLoader.load(configFile, sets));
    }
    FamilySetup setup = FamilySetup.create(cfg);
    if (resume != null) {
      StoredRun.latestCheckpoint(store, setup.problem().layout()); // a damaged checkpoint fails here, before Spark
    } else {
      setup.initialOmega(); // a bad train.init-run fails here, before the output directory is written
      String dir = out != null ? out : "runs/" + LocalDateTime.now().format(
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + cfg.name();
      store = open(dir, hadoop);
      if (store.nonEmpty()) {
        throw new UserError(dir + ": output directory exists and is not empty (use --resume to continue it)");
      }
    }
    return run(cfg, setup, store);
  }

  private static void writeParquet(RunStore store, MetricsLog metrics) {
    try {
      MetricsParquet.write(store, "metrics.parquet", metrics);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static RunStore open(String dir, Configuration hadoop) {
    try {
      return new RunStore(dir, hadoop);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(dir + ": cannot open run directory: " + e.getMessage(), e);
    }
  }

  private int run(TrainConfig cfg, FamilySetup setup, RunStore store) throws Exception {
    TrainConfig.Train t = cfg.train();
    SparkRuntime spark = cfg.executor().equals("spark") ? SparkRuntime.start("bmo train " + cfg.name(), master) : null;
    try (ShardExecutor ex = spark != null
        ? spark.executor(setup.problem(), setup.trainPlan(), setup.testPlan(), cfg.name(), t.partitions(),
            t.stepsPerJob())
        : new LocalExecutor(setup.problem(), setup.trainPlan(), setup.testPlan(),
            t.threads() > 0 ? t.threads() : Runtime.getRuntime().availableProcessors())) {
      System.err.println("bmo train: " + cfg.name() + " on " + ex.describe() + " -> " + store.uri());
      KernelCheck.warning().ifPresent(w -> System.err.println("bmo train: " + w));
      TrainRun.Result r = TrainRun.run(cfg, setup, store, ex, spark != null ? spark.master() : "none (single JVM)",
          quiet ? null : System.out,
          spark == null ? null : m -> writeParquet(store, m));
      System.out.println(Json.write(r.fields()));
      return 0;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
