package io.bmo.jobs.run;

import io.bmo.jobs.FaultInjection;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.spark.DriverProbe;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One training run into a {@link RunStore}, on any {@link ShardExecutor}: resumes from the store's last checkpoint
 * if it has one, writes {@code config.conf}, {@code manifest.json}, checkpoints, {@code metrics.csv} and
 * {@code omega/*.npy}, and returns the final result fields. Used by {@code train} and by sweeps.
 */
public final class TrainRun {
  /** Final outcome of a run. */
  public record Result(Map<String, Object> fields, double[] omega, MetricsLog metrics, long steps, double seconds) {}

  private TrainRun() {}

  /**
   * @param progress where per-step progress lines go, or null for none
   * @param finishHook called with the metrics before the manifest is finalised (e.g. to write Parquet); may be null
   * @param manifestMaster the master URL or "none" recorded in the manifest
   * @throws IllegalStateException with a one-line message when training diverges (last good checkpoint kept)
   */
  public static Result run(TrainConfig cfg, FamilySetup setup, RunStore store, ShardExecutor ex, String manifestMaster,
      PrintStream progress, Consumer<MetricsLog> finishHook) throws Exception {
    if (cfg.algorithm().stateful()) {
      return AlgorithmRun.run(cfg, setup, store, ex, manifestMaster, progress, finishHook);
    }
    ParamLayout layout = setup.problem().layout();
    RunStore.Checkpoint ck = store.exists() ? store.latestCheckpoint(layout) : null;
    double[] omega = ck != null ? ck.omega() : setup.initialOmega();
    OptState state = ck != null ? ck.state() : new OptState();
    MetricsLog metrics = ck != null ? ck.metrics() : new MetricsLog();
    Optimizer optimizer = setup.optimizer();
    if (ck == null) {
      optimizer.projectInitial(omega);
    }
    TrainConfig.Train t = cfg.train();
    long started = System.nanoTime();
    Manifest manifest = begin(cfg, setup, store, ex, manifestMaster, Map.of(), ck);
    Trainer trainer = new Trainer(ex, setup.problem(), setup.trainPlan(), optimizer,
        new Trainer.Settings(t.steps(), t.batchSize(), t.seed(), t.evalEvery()));
    long firstStep = state.step();
    String shown = setup.progressMetric();
    try {
      trainer.run(omega, state, (m0, w, s) -> {
        Trainer.StepMetrics m = withCumulativeCost(m0, metrics);
        metrics.add(m);
        long done = m.step() + 1;
        if (progress != null) {
          double elapsed = (System.nanoTime() - started) / 1e9;
          double per = elapsed / Math.max(1, done - firstStep);
          double v = m.value(shown);
          progress.printf(Locale.ROOT, "step %d/%d  phi=%.6e  %s=%s  %.3f s/step  ETA %s%n", done, t.steps(),
              m.loss(), shown, Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-", m.seconds(),
              eta(per * (t.steps() - done)));
        }
        if (done % t.checkpointEvery() == 0 || done == t.steps()) {
          store.writeCheckpoint(done, layout, w, s, metrics);
        }
        afterStep(done, firstStep);
      });
    } catch (TrainingDivergedException e) {
      throw diverged(e, manifest, store, metrics);
    }
    store.writeOmega("omega", layout, omega);
    store.writeString("metrics.csv", metrics.toCsv());
    if (finishHook != null) {
      finishHook.accept(metrics);
    }
    double secs = (System.nanoTime() - started) / 1e9;
    manifest.put("seconds", secs);
    manifest.finish("finished");
    manifest.write(store);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.put("final_loss", metrics.rows().isEmpty() ? Double.NaN
        : metrics.rows().get(metrics.rows().size() - 1).loss());
    res.putAll(setup.resultFields(omega, metrics));
    res.put("steps", state.step());
    res.put("seconds", secs);
    res.put("executor", ex.describe());
    return new Result(res, omega, metrics, state.step(), secs);
  }

  /**
   * Adds {@code cost_cumulative} (running total of the problem's per-step {@code cost} metric, e.g. lower-level + CG
   * iterations) after {@code cost}; steps without a {@code cost} metric are returned unchanged. The total continues
   * from the metrics restored on resume.
   */
  static Trainer.StepMetrics withCumulativeCost(Trainer.StepMetrics m, MetricsLog log) {
    if (!m.values().containsKey("cost")) {
      return m;
    }
    double before = log.rows().isEmpty() ? 0 : log.rows().get(log.rows().size() - 1).value("cost_cumulative");
    Map<String, Double> v = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : m.values().entrySet()) {
      v.put(e.getKey(), e.getValue());
      if (e.getKey().equals("cost")) {
        v.put("cost_cumulative", before + e.getValue());
      }
    }
    return new Trainer.StepMetrics(m.step(), m.loss(), m.gradNorm(), v, m.examples(), m.seconds());
  }

  /**
   * The start of every training loop: the run directory, {@code config.conf} and the manifest (executor, the loop's
   * own fields, the family's fields, the step resumed from).
   */
  static Manifest begin(TrainConfig cfg, FamilySetup setup, RunStore store, ShardExecutor ex, String master,
      Map<String, Object> loopFields, RunStore.Checkpoint ck) throws java.io.IOException {
    store.mkdirs();
    store.writeString("config.conf", cfg.rendered() + "\n");
    Manifest manifest = new Manifest(cfg, setup.seeds(), master, setup.trainPlan().shards());
    manifest.put("executor", ex.describe());
    loopFields.forEach(manifest::put);
    setup.manifestFields().forEach(manifest::put);
    manifest.put("resumed_from_step", ck != null ? ck.step() : null);
    manifest.write(store);
    return manifest;
  }

  /**
   * After step {@code done} of every training loop (its checkpoint written): the soak probe's line when due
   * ({@link DriverProbe}), and the driver-crash fault ({@link FaultInjection}).
   */
  static void afterStep(long done, long firstStep) {
    long soakEvery = DriverProbe.every();
    if (soakEvery > 0 && (done % soakEvery == 0 || done == firstStep + 1)) {
      System.err.println("bmo soak: " + Json.line(DriverProbe.probe(done)));
    }
    FaultInjection.crashAfterStep(done);
  }

  /**
   * The one divergence policy of every training loop: the manifest records status "diverged" and the error, the
   * metrics so far are written, the last good checkpoint stays, and the run ends with a one-line error.
   */
  static IllegalStateException diverged(TrainingDivergedException e, Manifest manifest, RunStore store,
      MetricsLog metrics) throws java.io.IOException {
    manifest.finish("diverged");
    manifest.put("error", e.getMessage());
    manifest.write(store);
    store.writeString("metrics.csv", metrics.toCsv());
    return new IllegalStateException(e.getMessage() + "; last good checkpoint kept in " + store.uri(), e);
  }

  static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

}
