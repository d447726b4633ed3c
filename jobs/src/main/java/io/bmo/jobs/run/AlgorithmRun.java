package io.bmo.jobs.run;

import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.optim.OptState;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.spark.SparkShardExecutor;
import io.bmo.jobs.spark.SparkStatefulExecutor;
import io.bmo.jobs.state.LocalStatefulExecutor;
import io.bmo.jobs.state.StatefulExecutor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * A {@code train} run of a stateful algorithm (ISGD, MAID, joint mode; {@code algorithm.type}) into a
 * {@link RunStore}. The shard states live in a {@link StatefulExecutor} matching the run's executor (Spark cached
 * RDD, or this JVM); the stateless {@link ShardExecutor} only evaluates the test set.
 *
 * <p>Per step (all at θ_k, before its update): {@code loss} (minibatch/full-batch upper loss at the inexact
 * solutions; joint: the carried loss), {@code grad_norm}, then {@code cost} (lower-level + CG/reverse iterations of
 * this step, trials and rejected attempts included), {@code cost_cumulative} (the papers' x-axis),
 * {@code lower_iterations}, {@code cg_iterations}, {@code lower_tol} ε, {@code cg_tol} δ, {@code step_size} α,
 * {@code accepted} / {@code rejections} (MAID), {@code not_converged}, {@code mu} (joint), {@code train_psnr}
 * (ISGD on images), {@code carried_change} (joint: relative movement of the carried iterates, see
 * {@code JointStep#iterateChange}), {@code state_bytes}, {@code elapsed_seconds}, and the family's metrics ({@code FamilyRun#algorithmMetrics}; NaN on steps
 * without evaluation), then {@code examples} and {@code seconds} (wall time of the step).
 *
 * <p>Checkpoints add the shard states ({@code states/shard-*}/*.npy, written by the executors into the temporary
 * checkpoint directory before its rename) and the driver state (optimizer arrays, {@code cost}, MAID's
 * {@code maid} = [ε, δ, α]); {@code --resume} restores both and continues bit-identically. A MAID stall (no
 * acceptable step at the tolerance floors) ends the run with status "stalled", certified stationarity
 * ({@code algorithm.maid.gradient-tol}) with status "converged" (and {@code "converged": true} in the result).
 */
public final class AlgorithmRun {
  private AlgorithmRun() {}

  /** Same contract as {@link TrainRun#run}; called by it when {@code algorithm.type} is not bmo. */
  static TrainRun.Result run(TrainConfig cfg, FamilySetup setup, RunStore store, ShardExecutor ex, String master,
      PrintStream progress, Consumer<MetricsLog> finishHook) throws Exception {
    ShardedProblem problem = setup.problem();
    ParamLayout layout = problem.layout();
    ShardWork work = AlgorithmDriver.work(cfg, setup);
    Configuration hadoop = store.fileSystem().getConf();
    TrainConfig.Train t = cfg.train();
    try (StatefulExecutor states = ex instanceof SparkShardExecutor s
        ? new SparkStatefulExecutor(s.sparkContext(), work, setup.trainPlan(), cfg.name(),
            store.uri() + "/spark-checkpoints", cfg.algorithm().lineageEvery(), hadoop)
        : new LocalStatefulExecutor(work, setup.trainPlan(), hadoop)) {
      AlgorithmDriver driver = AlgorithmDriver.create(cfg, setup, work, states);
      RunStore.Checkpoint ck = store.exists() ? store.latestCheckpoint(layout) : null;
      MetricsLog metrics = ck != null ? ck.metrics() : new MetricsLog();
      if (ck != null) {
        driver.restore(ck.omega(), ck.state());
        states.readStates(store.checkpointUri(ck.step()));
      }
      long started = System.nanoTime();
      double elapsedBefore = metrics.rows().isEmpty() ? 0 : metrics.last("elapsed_seconds");
      Map<String, Object> loopFields = new LinkedHashMap<>();
      loopFields.put("algorithm", cfg.algorithm().kind().id());
      loopFields.put("state_executor", states.describe());
      loopFields.put("state_bytes", states.stateBytes());
      Manifest manifest = TrainRun.begin(cfg, setup, store, ex, master, loopFields, ck);
      String shown = setup.progressMetric();
        String status = "finished";
      long firstStep = driver.step();
      while (driver.step() < t.steps()) {
        long k = driver.step();
        long t0 = System.nanoTime();
        ex.beginStep(k, t.steps());
        double[] thetaK = driver.theta();
        AlgorithmDriver.StepResult r = driver.next();
        if (!Double.isFinite(r.loss()) || !Double.isFinite(r.gradNorm())) {
          throw TrainRun.diverged(new TrainingDivergedException(k, "the upper loss or hypergradient at omega whose"
              + " largest entry is " + TrainingDivergedException.entry(layout, thetaK)), manifest, store, metrics);
        }
        boolean stop = r.stalled() || r.converged();
        boolean last = driver.step() >= t.steps() || stop;
        boolean evalNow = t.evalEvery() > 0 && ((k + 1) % t.evalEvery() == 0 || last);
        Map<String, Double> values = driver.fields(r, driver.cumulative(), states.stateBytes());
        double secs = (System.nanoTime() - t0) / 1e9;
        values.put("elapsed_seconds", elapsedBefore + (System.nanoTime() - started) / 1e9);
        values.putAll(problemMetrics(setup, ex, thetaK, evalNow));
        Trainer.StepMetrics m = new Trainer.StepMetrics(k, r.loss(), r.gradNorm(), values, r.examples(), secs);
        metrics.add(m);
        long done = driver.step();
        if (stop) {
          status = r.stalled() ? "stalled" : "converged";
          done = k + 1;
        }
        if (progress != null) {
          double v = m.value(shown);
          double per = (System.nanoTime() - started) / 1e9 / Math.max(1, done - firstStep);
          progress.printf(Locale.ROOT, "step %d/%d  %s  phi=%.6e  %s=%s  cost=%d  %.3f s/step  ETA %s%n", done,
              t.steps(), cfg.algorithm().kind().id(), m.loss(), shown,
              Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-", driver.cumulative().total(), secs,
              TrainRun.eta(per * (t.steps() - done)));
        }
        if (stop) {
          break;
        }
        if (done % t.checkpointEvery() == 0 || done == t.steps()) {
          store.writeCheckpoint(done, layout, driver.theta(), driver.checkpointState(), metrics, states::writeStates);
        }
        TrainRun.afterStep(done, firstStep);
      }
      double[] theta = driver.theta();
      store.writeOmega("omega", layout, theta);
      store.writeString("metrics.csv", metrics.toCsv());
      if (finishHook != null) {
        finishHook.accept(metrics);
      }
      double secs = (System.nanoTime() - started) / 1e9;
      manifest.put("seconds", secs);
      manifest.put("cost_cumulative", driver.cumulative().total());
      if (states instanceof SparkStatefulExecutor sp) {
        manifest.put("state_cached_bytes", sp.cachedBytes());
      }
      manifest.finish(status);
      manifest.write(store);
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("run_dir", store.uri());
      res.put("algorithm", cfg.algorithm().kind().id());
      res.put("final_loss", metrics.rows().isEmpty() ? Double.NaN
          : metrics.rows().get(metrics.rows().size() - 1).loss());
      res.putAll(setup.resultFields(theta, metrics));
      res.put("cost_cumulative", driver.cumulative().total());
      res.put("state_bytes", states.stateBytes());
      if (!status.equals("finished")) {
        res.put(status, true);
      }
      res.put("steps", driver.step());
      res.put("seconds", secs);
      res.put("executor", ex.describe());
      return new TrainRun.Result(res, theta, metrics, driver.step(), secs);
    }
  }

  /** The problem's own metrics at θ_k (test set through the stateless executor on evaluation steps). */
  private static Map<String, Double> problemMetrics(FamilySetup setup, ShardExecutor ex, double[] theta,
      boolean evalNow) {
    ShardedProblem problem = setup.problem();
    double[][] e = evalNow && problem.testSize() > 0 && setup.algorithmMetricsUseTest()
        ? Trainer.fold(ex.evaluate(theta, true, problem.evalDepths())) : null;
    return setup.algorithmMetrics(theta, e);
  }
}
