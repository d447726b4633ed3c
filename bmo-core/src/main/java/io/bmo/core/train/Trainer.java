package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import java.util.Map;

/**
 * The driver loop of bilevel training, shared by the single-JVM and Spark runs: for t = state.step() .. T−1,
 * ask the {@link ShardExecutor} for the step's sum at ω_t (full batch, or the minibatch chosen from (seed, t)),
 * reduced order-independently ({@link ShardExecutor#trainTotal}), and update ω with the {@link Optimizer}. Deterministic: the same inputs give the same
 * ω bit for bit whatever executes the shards, and resuming from a saved (ω, state) continues the same sequence.
 */
public final class Trainer {
  /**
   * @param steps T, total outer steps
   * @param batchSize examples per step; 0 = full batch
   * @param seed minibatch seed
   * @param evalEvery evaluation metrics every this many steps (and at the last step); 0 = never
   */
  public record Settings(int steps, int batchSize, long seed, int evalEvery) {
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
      double seconds) {
    /** A named metric, NaN when absent. */
    public double value(String name) {
      Double v = values.get(name);
      return v == null ? Double.NaN : v;
    }
  }

  /** Called after each update with the new ω and state (e.g. to checkpoint); may throw to stop the run. */
  @FunctionalInterface
  public interface Listener {
    void onStep(StepMetrics metrics, double[] omega, OptState state) throws Exception;
  }

  private final ShardExecutor executor;
  private final ShardedProblem problem;
  private final ShardPlan trainPlan;
  private final Optimizer optimizer;
  private final Settings settings;

  public Trainer(ShardExecutor executor, ShardedProblem problem, ShardPlan trainPlan, Optimizer optimizer,
      Settings settings) {
    this.executor = executor;
    this.problem = problem;
    this.trainPlan = trainPlan;
    this.optimizer = optimizer;
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
      StepMetrics m = step(omega, state);
      listener.onStep(m, omega, state);
    }
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
    long[] batch = settings.batchSize() > 0 ? trainPlan.minibatch(settings.seed(), t, settings.batchSize()) : null;
    LossGradientSum total = executor.trainTotal(omega, batch, true);
    double loss = total.loss();
    double[] g = total.gradient();
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException(t, "the upper loss at omega whose largest entry is "
          + TrainingDivergedException.entry(problem.layout(), omega));
    }
    double gn = 0;
    for (double v : g) {
      gn += v * v;
    }
    gn = Math.sqrt(gn);
    if (!Double.isFinite(gn)) {
      throw new TrainingDivergedException(t, "the hypergradient at "
          + TrainingDivergedException.entry(problem.layout(), g));
    }
    boolean evalNow = settings.evalEvery() > 0
        && ((t + 1) % settings.evalEvery() == 0 || t == settings.steps() - 1);
    double[][] trainEval = evalNow && problem.needsTrainEvaluation()
        ? fold(executor.evaluate(omega, false, problem.evalDepths())) : null;
    double[][] testEval = evalNow && problem.testSize() > 0
        ? fold(executor.evaluate(omega, true, problem.evalDepths())) : null;
    Map<String, Double> values = problem.metrics(total, trainEval, testEval);
    optimizer.step(omega, g, state);
    for (double v : omega) {
      if (!Double.isFinite(v)) {
        throw new TrainingDivergedException(t, "omega after the update at "
            + TrainingDivergedException.entry(problem.layout(), omega));
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new StepMetrics(t, loss, gn, values, total.count(), secs);
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
