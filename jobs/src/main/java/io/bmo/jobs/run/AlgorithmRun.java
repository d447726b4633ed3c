package io.bmo.jobs.run;

import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.train.Trainer;
import io.bmo.core.train.TrainingDivergedException;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.spark.SparkShardExecutor;
import io.bmo.jobs.spark.SparkStatefulExecutor;
import io.bmo.jobs.state.LocalStatefulExecutor;
import io.bmo.jobs.state.StatefulExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
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
      TrainLoop.Stepper stepper = new TrainLoop.Stepper() {
        @Override
        public long step() {
          return driver.step();
        }

        @Override
        public String next(long until, Consumer<Trainer.StepMetrics> rows) {
          long k = driver.step();
          long t0 = System.nanoTime();
          ex.beginStep(k, t.steps());
          double[] thetaK = driver.theta();
          AlgorithmDriver.StepResult r = driver.next();
          if (!Double.isFinite(r.loss()) || !Double.isFinite(r.gradNorm())) {
            throw new TrainingDivergedException(k, "the upper loss or hypergradient at omega whose largest entry is "
                + TrainingDivergedException.entry(layout, thetaK));
          }
          boolean stop = r.stalled() || r.converged();
          boolean last = driver.step() >= t.steps() || stop;
          boolean evalNow = t.evalEvery() > 0 && ((k + 1) % t.evalEvery() == 0 || last);
          Map<String, Double> values = driver.fields(r, driver.cumulative(), states.stateBytes());
          double secs = (System.nanoTime() - t0) / 1e9;
          values.put("elapsed_seconds", elapsedBefore + (System.nanoTime() - started) / 1e9);
          values.putAll(problemMetrics(setup, ex, thetaK, evalNow));
          Trainer.StepMetrics m = new Trainer.StepMetrics(k, r.loss(), r.gradNorm(), values, r.examples(), secs);
          rows.accept(m);
          return !stop ? null : r.stalled() ? "stalled" : "converged";
        }

        @Override
        public double[] omega() {
          return driver.theta();
        }

        @Override
        public void checkpoint(RunStore into, long done, MetricsLog log) throws IOException {
          into.writeCheckpoint(done, layout, driver.theta(), driver.checkpointState(), log, states::writeStates);
        }

        @Override
        public String label() {
          return "  " + cfg.algorithm().kind().id();
        }

        @Override
        public String progressFields() {
          return "  cost=" + driver.cumulative().total();
        }

        @Override
        public Map<String, Object> resultHead() {
          return Map.of("algorithm", cfg.algorithm().kind().id());
        }

        @Override
        public Map<String, Object> resultTail() {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("cost_cumulative", driver.cumulative().total());
          m.put("state_bytes", states.stateBytes());
          return m;
        }

        @Override
        public Map<String, Object> manifestTail() {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("cost_cumulative", driver.cumulative().total());
          if (states instanceof SparkStatefulExecutor sp) {
            m.put("state_cached_bytes", sp.cachedBytes());
          }
          return m;
        }
      };
      return TrainLoop.run(cfg, setup, store, ex, master, progress, finishHook, stepper, loopFields, ck, metrics);
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
