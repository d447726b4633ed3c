package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import java.util.Map;

/**
 * The driver loop of bilevel training, shared by the single-JVM and Spark runs: for t = state.step() .. T−1,
 * ask the {@link ShardExecutor} for the step's sum at ω_t (full batch, or the minibatch chosen from (seed, t)),
 * reduced order-independently ({@link ShardExecutor#trainTotal}), and update ω with the {@link Optimizer}
 * ({@link StepUpdate}). An executor that can may run several steps in one call, without the driver ({@link #steps}).
 * Deterministic: the same inputs give the same ω bit for bit whatever executes the shards and however the steps are
 * grouped, and resuming from a saved (ω, state) continues the same sequence.
 */
public final class Trainer {
  /**
   * @param steps T, total outer steps
   * @param batchSize examples per step; 0 = full batch
   * @param seed minibatch seed
   * @param evalEvery evaluation metrics every this many steps (and at the last step); 0 = never
   */
  public record Settings(int steps, int batchSize, long seed, int evalEvery) implements java.io.Serializable {
    public Settings {
      if (steps < 0) {
        throw new IllegalArgumentException("steps must be >= 0");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("batch size must be >= 0");
      }
    }
  }

  /**
   * Metrics of step t, all at ω_t (before its update), except {@code seconds}, the wall time of the whole step.
   * {@code values} are the problem's named metrics ({@link ShardedProblem#metrics}); NaN where not computed.
   */
  public record StepMetrics(long step, double loss, double gradNorm, Map<String, Double> values, long examples,
      double seconds) implements java.io.Serializable {
    /** A named metric, NaN when absent. */
    public double value(String name) {
      Double v = values.get(name);
      return v == null ? Double.NaN : v;
    }
  }

  /**
   * Called after each step with its metrics and the current ω and state (e.g. to checkpoint); may throw to stop the
   * run. When the executor ran several steps in one call ({@link ShardExecutor#trainSteps}), it is called for each
   * of them in order, and ω and the state are those after the last of them.
   */
  @FunctionalInterface
  public interface Listener {
    void onStep(StepMetrics metrics, double[] omega, OptState state) throws Exception;
  }

  private final ShardExecutor executor;
  private final ShardedProblem problem;
  private final StepUpdate update;
  private final Settings settings;

  public Trainer(ShardExecutor executor, ShardedProblem problem, ShardPlan trainPlan, Optimizer optimizer,
      Settings settings) {
    this.executor = executor;
    this.problem = problem;
    this.update = new StepUpdate(trainPlan, optimizer, settings);
    this.settings = settings;
  }

  /**
   * Runs from {@code state.step()} to T.
   *
   * @param omega ω_t on entry, ω_T on exit. Modified.
   * @param state optimizer state. Modified.
   * @throws TrainingDivergedException when the loss, gradient or ω stops being finite
   */
  public void run(double[] omega, OptState state, Listener listener) throws Exception {
    while (state.step() < settings.steps()) {
      steps(omega, state, settings.steps(), listener);
    }
  }

  /**
   * Runs step {@code state.step()}, or, when the executor can ({@link ShardExecutor#trainSteps}), every step from
   * there up to {@code until} (exclusive) in one call. Equal bit for bit to calling {@link #step} for each of them.
   *
   * @param omega ω_t on entry, ω after the last step run on exit. Modified.
   * @param state optimizer state, advanced by the steps run. Modified.
   * @param until the step index not to pass (e.g. the next checkpoint); at least one step is always run
   * @param each called with each step's metrics, in order, after all of them ran (see {@link Listener})
   * @throws TrainingDivergedException when a step diverged, after {@code each} saw the steps before it
   */
  public void steps(double[] omega, OptState state, long until, Listener each) throws Exception {
    long free = Math.min(until, settings.steps()) - state.step();
    if (free >= 2) {
      StepGroup g = executor.trainSteps(update, omega, state, (int) Math.min(free, Integer.MAX_VALUE));
      if (g != null) {
        System.arraycopy(g.omega(), 0, omega, 0, omega.length);
        state.set(g.state());
        for (StepMetrics m : g.metrics()) {
          each.onStep(m, omega, state);
        }
        if (g.diverged() != null) {
          throw g.diverged();
        }
        return;
      }
    }
    each.onStep(step(omega, state), omega, state);
  }

  /**
   * Runs step t = {@code state.step()}: the step's sum at ω_t, its metrics (with evaluation passes on evaluation
   * steps), the update to ω_{t+1}.
   *
   * @param omega ω_t on entry, ω_{t+1} on exit. Modified.
   * @param state optimizer state, advanced by one step. Modified.
   * @return the metrics of step t, at ω_t
   * @throws TrainingDivergedException when the loss, gradient or ω stops being finite
   */
  public StepMetrics step(double[] omega, OptState state) {
    long t = state.step();
    long t0 = System.nanoTime();
    executor.beginStep(t, settings.steps());
    LossGradientSum total = executor.trainTotal(omega, update.batch(t), true);
    boolean evalNow = update.evaluates(t) && Double.isFinite(total.loss());
    double[][] trainEval = evalNow && problem.needsTrainEvaluation()
        ? fold(executor.evaluate(omega, false, problem.evalDepths())) : null;
    double[][] testEval = evalNow && problem.testSize() > 0
        ? fold(executor.evaluate(omega, true, problem.evalDepths())) : null;
    return update.apply(problem, t, total, trainEval, testEval, omega, state, t0);
  }

  /**
   * Reduces per-shard sums with {@link ReproducibleStepSum}: the bits depend only on the set of shard sums, so this
   * equals any executor's tree reduction ({@link ShardExecutor#trainTotal}) of the same shards.
   */
  public static LossGradientSum fold(LossGradientSum[] shards) {
    return ReproducibleStepSum.reduce(shards);
  }

  /** Folds per-shard evaluation sums in shard order: result[setting][stat]. */
  public static double[][] fold(double[][][] shards) {
    double[][] acc = new double[shards[0].length][shards[0][0].length];
    for (double[][] s : shards) {
      for (int d = 0; d < acc.length; d++) {
        for (int k = 0; k < acc[d].length; k++) {
          acc[d][k] += s[d][k];
        }
      }
    }
    return acc;
  }
}
