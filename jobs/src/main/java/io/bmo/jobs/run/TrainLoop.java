package io.bmo.jobs.run;

import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.jobs.config.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one outer loop of every training run, whatever advances ω: Algorithm 1 ({@link Trainer#step}) or a stateful
 * algorithm (ISGD, MAID, joint mode). Around each step it does the same things in the same order: the step's metrics
 * row, the progress line, the checkpoint when due, the soak probe and crash seam ({@link TrainRun#afterStep}); it
 * starts every run the same way ({@link TrainRun#begin}), ends a diverged run by the one divergence policy
 * ({@link TrainRun#diverged}) and finishes every run the same way (final ω, {@code metrics.csv}, the finish hook, the
 * manifest, the result fields).
 */
final class TrainLoop {
  /** One kind of training, advanced one outer step at a time. */
  interface Stepper {
    /** Steps done so far: the index of the next step. */
    long step();

    /**
     * Runs the next step, or several when the executor can run them in one go (never past {@code until}), and
     * hands each step's metrics row to {@code rows} in order.
     *
     * @param until the step index not to pass: the next checkpoint or the end
     * @return null to go on, else the run's final status ("stalled", "converged"); the run ends after the last row
     * @throws TrainingDivergedException when the loss, the gradient or ω stops being finite (after {@code rows} saw
     *     the steps before)
     */
    String next(long until, Consumer<Trainer.StepMetrics> rows) throws Exception;

    /** ω after the steps done so far (not a copy). */
    double[] omega();

    /** Writes the checkpoint after {@code done} steps. */
    void checkpoint(RunStore store, long done, MetricsLog metrics) throws IOException;

    /** The progress line's label after the step count ("" or e.g. {@code "  isgd"}). */
    default String label() {
      return "";
    }

    /** The progress line's fields before the step time ("" or e.g. {@code "  cost=1234"}). */
    default String progressFields() {
      return "";
    }

    /** Fields of the result line after {@code run_dir}. */
    default Map<String, Object> resultHead() {
      return Map.of();
    }

    /** Fields of the result line after the family's fields. */
    default Map<String, Object> resultTail() {
      return Map.of();
    }

    /** Fields the manifest records at the end, after {@code seconds}. */
    default Map<String, Object> manifestTail() {
      return Map.of();
    }
  }

  private TrainLoop() {}

  /**
   * Runs the stepper to {@code train.steps} (or its stop) into the store.
   *
   * @param loopFields the manifest's fields of this kind of training
   * @param ck the checkpoint resumed from, or null
   * @param metrics the metrics so far (restored from {@code ck}, else empty). Modified.
   */
  static TrainRun.Result run(TrainConfig cfg, FamilySetup setup, RunStore store, ShardExecutor ex, String master,
      PrintStream progress, Consumer<MetricsLog> finishHook, Stepper stepper, Map<String, Object> loopFields,
      RunStore.Checkpoint ck, MetricsLog metrics) throws Exception {
    ParamLayout layout = setup.problem().layout();
    TrainConfig.Train t = cfg.train();
    long started = System.nanoTime();
    Manifest manifest = TrainRun.begin(cfg, setup, store, ex, master, loopFields, ck);
    String shown = setup.progressMetric();
    long firstStep = stepper.step();
    // the ETA's rate: the steps' own seconds so far, not the wall clock since the start, which holds the setup (Spark,
    // data, the first job) and, in a step group, stamps all the group's rows at its end
    double[] stepSeconds = {0};
    String status = "finished";
    try {
      while (stepper.step() < t.steps()) {
        long from = stepper.step();
        long until = Math.min(t.steps(), (from / t.checkpointEvery() + 1) * t.checkpointEvery());
        String stop = stepper.next(until, m -> {
          metrics.add(m);
          long done = m.step() + 1;
          if (progress != null) {
            double v = m.value(shown);
            stepSeconds[0] += m.seconds();
            double per = stepSeconds[0] / Math.max(1, done - firstStep);
            progress.printf(Locale.ROOT, "step %d/%d%s  phi=%.6e  %s=%s%s  %.3f s/step  ETA %s%n", done, t.steps(),
                stepper.label(), m.loss(), shown, Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-",
                stepper.progressFields(), m.seconds(), TrainRun.eta(per * (t.steps() - done)));
          }
          if (done < stepper.step()) { // a row of a group before its last: no checkpoint is due inside a group
            TrainRun.afterStep(done, firstStep);
          }
        });
        if (stop != null) {
          status = stop;
          break;
        }
        long done = stepper.step();
        if (done % t.checkpointEvery() == 0 || done == t.steps()) {
          stepper.checkpoint(store, done, metrics);
        }
        TrainRun.afterStep(done, firstStep);
      }
    } catch (TrainingDivergedException e) {
      throw TrainRun.diverged(e, manifest, store, metrics);
    }
    double[] omega = stepper.omega();
    store.writeOmega("omega", layout, omega);
    store.writeString("metrics.csv", metrics.toCsv());
    if (finishHook != null) {
      finishHook.accept(metrics);
    }
    double secs = (System.nanoTime() - started) / 1e9;
    manifest.put("seconds", secs);
    stepper.manifestTail().forEach(manifest::put);
    manifest.finish(status);
    manifest.write(store);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("run_dir", store.uri());
    res.putAll(stepper.resultHead());
    res.put("final_loss", metrics.rows().isEmpty() ? Double.NaN
        : metrics.rows().get(metrics.rows().size() - 1).loss());
    res.putAll(setup.resultFields(omega, metrics));
    res.putAll(stepper.resultTail());
    if (!status.equals("finished")) {
      res.put(status, true);
    }
    res.put("steps", stepper.step());
    res.put("seconds", secs);
    res.put("executor", ex.describe());
    return new TrainRun.Result(res, omega, metrics, stepper.step(), secs);
  }
}
