package io.bmo.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bmo.core.optim.OptState;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.SparseCodingShards;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.Manifest;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.run.ProblemSetup;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    RunStore store;
    Config config;
    if (resume != null) {
      if (configFile != null || !sets.isEmpty() || out != null) {
        throw new UserError("--resume takes the run's stored config: do not pass CONFIG, --set or --out with it");
      }
      store = open(resume, hadoop);
      if (!store.exists("config.conf")) {
        throw new UserError(resume + ": not a run directory (no config.conf)");
      }
      config = ConfigFactory.parseString(new String(store.read("config.conf"), StandardCharsets.UTF_8))
          .withFallback(ConfigLoader.defaults()).resolve();
    } else {
      if (configFile == null) {
        throw new UserError("CONFIG is required (or --resume DIR)");
      }
      config = ConfigLoader.load(configFile, sets);
    }
    TrainConfig cfg = TrainConfig.from(config);
    ProblemSetup setup = ProblemSetup.create(cfg, hadoop);
    if (resume == null) {
      String dir = out != null ? out : "runs/" + LocalDateTime.now().format(
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + cfg.name();
      store = open(dir, hadoop);
      if (store.nonEmpty()) {
        throw new UserError(dir + ": output directory exists and is not empty (use --resume to continue it)");
      }
    } else {
      store = open(resume, hadoop);
    }
    return run(cfg, setup, store);
  }

  private static RunStore open(String dir, Configuration hadoop) {
    try {
      return new RunStore(dir, hadoop);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(dir + ": cannot open run directory: " + e.getMessage(), e);
    }
  }

  private int run(TrainConfig cfg, ProblemSetup setup, RunStore store) throws Exception {
    TrainConfig.Train t = cfg.train();
    ParamLayout layout = setup.problem.map().layout();
    SparseCodingShards problem = new SparseCodingShards(setup.problem, setup.train, setup.test);
    ShardPlan trainPlan = new ShardPlan(setup.train.size(), (int) Math.min(t.shards(), setup.train.size()),
        t.blockSize());
    ShardPlan testPlan = setup.test == null ? null
        : new ShardPlan(setup.test.size(), (int) Math.min(t.shards(), setup.test.size()), t.blockSize());
    RunStore.Checkpoint ck = store.exists() ? store.latestCheckpoint(layout) : null;
    double[] omega = ck != null ? ck.omega() : setup.initialOmega();
    OptState state = ck != null ? ck.state() : new OptState();
    MetricsLog metrics = ck != null ? ck.metrics() : new MetricsLog();
    var optimizer = setup.optimizer();
    if (ck == null) {
      optimizer.projectInitial(omega);
    }

    SparkRuntime spark = cfg.executor().equals("spark") ? SparkRuntime.start("bmo train " + cfg.name(), master) : null;
    long started = System.nanoTime();
    try (ShardExecutor ex = spark != null
        ? spark.executor(problem, trainPlan, testPlan, cfg.name())
        : new LocalExecutor(problem, trainPlan, testPlan,
            t.threads() > 0 ? t.threads() : Runtime.getRuntime().availableProcessors())) {
      store.mkdirs();
      store.writeString("config.conf", cfg.rendered() + "\n");
      Manifest manifest = new Manifest(cfg, spark != null ? spark.master() : "none (single JVM)", trainPlan.shards());
      manifest.put("executor", ex.describe());
      manifest.put("lipschitz", setup.lipschitz);
      manifest.put("resumed_from_step", ck != null ? ck.step() : null);
      manifest.write(store);
      System.err.println("bmo train: " + cfg.name() + " on " + ex.describe() + " -> " + store.uri()
          + (ck != null ? " (resuming after step " + ck.step() + ")" : ""));
      Trainer trainer = new Trainer(ex, problem, trainPlan, optimizer,
          new Trainer.Settings(t.steps(), t.batchSize(), t.seed(), t.evalEvery()));
      long firstStep = state.step();
      try {
        trainer.run(omega, state, (m, w, s) -> {
          metrics.add(m);
          long done = m.step() + 1;
          if (!quiet) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            double per = elapsed / Math.max(1, done - firstStep);
            System.out.printf(Locale.ROOT, "step %d/%d  phi=%.6e  test_nmse=%s  %.3f s/step  ETA %s%n", done,
                t.steps(), m.loss(), Double.isFinite(m.value("test_nmse_db"))
                    ? String.format(Locale.ROOT, "%.2f dB", m.value("test_nmse_db")) : "-", m.seconds(),
                eta(per * (t.steps() - done)));
          }
          if (done % t.checkpointEvery() == 0 || done == t.steps()) {
            store.writeCheckpoint(done, layout, w, s, metrics);
          }
        });
      } catch (TrainingDivergedException e) {
        manifest.finish("diverged: " + e.getMessage());
        manifest.write(store);
        store.writeString("metrics.csv", metrics.toCsv());
        throw new IllegalStateException(e.getMessage() + "; last good checkpoint kept in " + store.uri());
      }
      store.writeOmega("omega", layout, omega);
      store.writeString("metrics.csv", metrics.toCsv());
      if (spark != null) {
        spark.writeMetricsParquet(metrics, store.uri() + "/metrics.parquet");
      }
      double secs = (System.nanoTime() - started) / 1e9;
      manifest.put("seconds", secs);
      manifest.finish("finished");
      manifest.write(store);
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("run_dir", store.uri());
      res.put("final_loss", metrics.rows().isEmpty() ? Double.NaN : metrics.rows().get(metrics.rows().size() - 1).loss());
      res.put("test_nmse_db", metrics.last("test_nmse_db"));
      res.put("steps", state.step());
      res.put("seconds", secs);
      res.put("model", cfg.model().type().id());
      res.put("executor", ex.describe());
      System.out.println(Json.write(res));
      return 0;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
