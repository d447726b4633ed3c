package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.TrainRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs one trial into its run directory {@code <sweep>/trials/<id>/} through {@link TrainRun} (so a trial directory
 * is a complete run directory: config.conf, manifest.json, metrics.csv, omega/, checkpoints/), then writes
 * {@code trial.json}. An interrupted trial resumes from its last checkpoint.
 *
 * <p>Outcomes that are properties of the config — divergence (the run's manifest says "diverged"), a constraint
 * violation ({@link UserError}) or pruning — are recorded, never retried. Any other exception (I/O, lost executor,
 * out of memory) propagates, so Spark's task retries handle it.
 */
public final class TrialRunner {
  /** Builds the shard executor of a trial. */
  @FunctionalInterface
  public interface ExecutorFactory {
    /**
     * The executor that trains the trial described by {@code setup}.
     *
     * @param setup the trial's training setup
     * @param trialName the trial's name, for the Spark UI
     * @return the executor
     */
    ShardExecutor create(FamilySetup setup, String trialName);
  }

  private TrialRunner() {}

  /**
   * The trial-parallel body of one Spark task: the single-JVM trainer on one thread.
   *
   * @param sweepUri the sweep directory
   * @param prune the pruning rule, or null
   * @param spec the trial
   * @return its result
   * @throws IOException when the trial's files cannot be written
   */
  public static TrialResult runLocal(TrialSpec spec, String sweepUri, PruneRule prune) throws IOException {
    return run(spec, sweepUri, "local", "none (single JVM, trial-parallel sweep task)", prune,
        (setup, name) -> new LocalExecutor(setup.problem(), setup.trainPlan(), setup.testPlan(), 1));
  }

  /**
   * Runs a trial.
   *
   * @param executorKind the value recorded as {@code spark.executor} in the trial's config.conf (local or spark)
   * @param master the master recorded in the manifest
   * @param spec the trial
   * @param sweepUri the sweep directory
   * @param prune the pruning rule, or null
   * @param factory builds the trial's executor
   * @return its result
   * @throws IOException when the trial's files cannot be written
   */
  public static TrialResult run(TrialSpec spec, String sweepUri, String executorKind, String master, PruneRule prune,
      ExecutorFactory factory) throws IOException {
    long t0 = System.nanoTime();
    Configuration hadoop = new Configuration();
    RunStore store = new RunStore(sweepUri + "/" + spec.dir(), hadoop);
    if (spec.invalidReason() != null) {
      return record(spec, store, TrialStatus.INVALID, spec.invalidReason(), null, t0);
    }
    TrainConfig cfg;
    FamilySetup setup;
    try {
      Config c = ConfigFactory.parseString(spec.configText())
          .withValue("spark.executor", ConfigValueFactory.fromAnyRef(executorKind))
          .withValue("train.threads", ConfigValueFactory.fromAnyRef(executorKind.equals("local") ? 1 : 0))
          .withFallback(ConfigLoader.defaults()).resolve();
      cfg = TrainConfig.from(c);
      setup = FamilySetup.create(cfg);
    } catch (UserError e) {
      return record(spec, store, TrialStatus.INVALID, e.getMessage(), null, t0);
    }
    ShardExecutor base = factory.create(setup, cfg.name() + "-" + spec.trialId());
    try (ShardExecutor ex = prune != null ? new PruningExecutor(base, prune) : base) {
      TrainRun.Result r = TrainRun.run(cfg, setup, store, ex, master, null, null);
      return record(spec, store, TrialStatus.FINISHED, null, r.metrics(), t0);
    } catch (TrialPrunedException e) {
      MetricsLog m = lastCheckpointMetrics(store);
      store.writeString("metrics.csv", m.toCsv());
      markManifest(store, "pruned");
      return record(spec, store, TrialStatus.PRUNED, e.getMessage(), m, t0, e.step());
    } catch (IllegalStateException e) {
      if (store.exists("manifest.json") && new String(store.read("manifest.json"), StandardCharsets.UTF_8)
          .contains("\"status\": \"diverged\"")) {
        MetricsLog m = store.exists("metrics.csv") ? MetricsLog.fromCsv(
            new String(store.read("metrics.csv"), StandardCharsets.UTF_8), "metrics.csv") : new MetricsLog();
        return record(spec, store, TrialStatus.DIVERGED, e.getMessage(), m, t0);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("trial " + spec.trialId() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Final metrics of a run: final_loss and grad_norm of the last step, then the last finite value of each metric.
   *
   * @param m the run's per-step metrics
   * @return the final metrics in column order
   */
  public static Map<String, Double> finals(MetricsLog m) {
    Map<String, Double> f = new LinkedHashMap<>();
    List<Trainer.StepMetrics> rows = m.rows();
    Trainer.StepMetrics last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    f.put("final_loss", last == null ? Double.NaN : last.loss());
    f.put("grad_norm", last == null ? Double.NaN : last.gradNorm());
    for (String n : m.names()) {
      f.put(n, m.last(n));
    }
    return f;
  }

  private static TrialResult record(TrialSpec spec, RunStore store, TrialStatus status, String reason,
      MetricsLog metrics, long t0) throws IOException {
    return record(spec, store, status, reason, metrics, t0, metrics == null ? 0 : metrics.rows().size());
  }

  /**
   * Writes trial.json. A pruned trial's metrics are those of its last checkpoint (the training loop does not expose
   * later ones), and its {@code steps} the number of steps completed when it was stopped.
   */
  private static TrialResult record(TrialSpec spec, RunStore store, TrialStatus status, String reason,
      MetricsLog metrics, long t0, long steps) throws IOException {
    store.mkdirs();
    Map<String, Double> finals = metrics == null ? Map.of() : finals(metrics);
    String csv = metrics == null ? "" : metrics.toCsv();
    double secs = (System.nanoTime() - t0) / 1e9;
    TrialResult r = new TrialResult(spec.trialId(), status, reason, steps, secs, finals, csv);
    store.writeString("trial.json", r.toJson(spec));
    return r;
  }

  private static MetricsLog lastCheckpointMetrics(RunStore store) throws IOException {
    List<String> done = store.completeCheckpoints();
    if (done.isEmpty()) {
      return new MetricsLog();
    }
    String rel = "checkpoints/" + done.get(done.size() - 1) + "/metrics.csv";
    return MetricsLog.fromCsv(new String(store.read(rel), StandardCharsets.UTF_8), store.uri() + "/" + rel);
  }

  private static void markManifest(RunStore store, String status) throws IOException {
    if (store.exists("manifest.json")) {
      String m = new String(store.read("manifest.json"), StandardCharsets.UTF_8);
      store.writeString("manifest.json", m.replace("\"status\": \"running\"", "\"status\": \"" + status + "\""));
    }
  }
}
