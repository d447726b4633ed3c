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
 * {@code omega/*.npy}, and returns the final result fields. Used by {@code train} and by sweeps. Algorithm 1 steps
 * through {@link Trainer#step}, the stateful algorithms through {@link AlgorithmRun}; both inside {@link TrainLoop}.
 */
public final class TrainRun {
  /** Final outcome of a run. */
  public record Result(Map<String, Object> fields, double[] omega, MetricsLog metrics, long steps, double seconds) {}

  private TrainRun() {}

  /**
   * @param progress where per-step progress lines go, or null for none
   * @param finishHook called with the metrics before the manifest is finalised (e.g. to write Parquet); may be null
   * @param manifestMaster the master URL or "none" recorded in the manifest
   * @param cfg the validated config
   * @param setup the family's setup
   * @param store the run directory
   * @param ex the shard executor
   * @return the result fields, ω, metrics, steps and seconds
   * @throws IllegalStateException with a one-line message when training diverges (last good checkpoint kept)
   * @throws Exception when training fails
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
    Trainer trainer = new Trainer(ex, setup.problem(), setup.trainPlan(), optimizer,
        new Trainer.Settings(t.steps(), t.batchSize(), t.seed(), t.evalEvery()));
    TrainLoop.Stepper algorithm1 = new TrainLoop.Stepper() {
      @Override
      public long step() {
        return state.step();
      }

      @Override
      public String next(long until, Consumer<Trainer.StepMetrics> rows) throws Exception {
        trainer.steps(omega, state, until, (m, w, s) -> rows.accept(withCumulativeCost(m, metrics)));
        return null;
      }

      @Override
      public double[] omega() {
        return omega;
      }

      @Override
      public void checkpoint(RunStore into, long done, MetricsLog log) throws java.io.IOException {
        into.writeCheckpoint(done, layout, omega, state, log);
      }
    };
    return TrainLoop.run(cfg, setup, store, ex, manifestMaster, progress, finishHook, algorithm1, Map.of(), ck,
        metrics);
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
