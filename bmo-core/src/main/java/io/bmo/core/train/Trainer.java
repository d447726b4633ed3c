package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.problem.SparseCodingObjective;

/**
 * The driver loop of bilevel training, shared by the single-JVM and Spark runs: for t = state.step() .. T−1,
 * ask the {@link ShardExecutor} for per-shard sums at ω_t (full batch, or the minibatch chosen from (seed, t)),
 * fold them in shard order, and update ω with the {@link Optimizer}. Deterministic: the same inputs give the same
 * ω bit for bit whatever executes the shards, and resuming from a saved (ω, state) continues the same sequence.
 */
public final class Trainer {
  /**
   * @param steps T, total outer steps
   * @param batchSize examples per step; 0 = full batch
   * @param seed minibatch seed
   * @param evalEvery compute test metrics every this many steps (and at the last step); 0 = never
   * @param layers K, the depth at which train/test NMSE is reported
   * @param muIsZero whether training runs with μ = 0 (then train NMSE comes from the training pass itself)
   */
  public record Settings(int steps, int batchSize, long seed, int evalEvery, int layers, boolean muIsZero) {
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
   * Test metrics are NaN on steps without evaluation.
   */
  public record StepMetrics(long step, double loss, double gradNorm, double trainNmseDb, double testNmseDb,
      double residual, double adjointIterations, long examples, double seconds) {}

  /** Called after each update with the new ω and state (e.g. to checkpoint); may throw to stop the run. */
  @FunctionalInterface
  public interface Listener {
    void onStep(StepMetrics metrics, double[] omega, OptState state) throws Exception;
  }

  private final ShardExecutor executor;
  private final ShardPlan trainPlan;
  private final Optimizer optimizer;
  private final Settings settings;
  private final boolean hasTest;

  public Trainer(ShardExecutor executor, ShardPlan trainPlan, boolean hasTest, Optimizer optimizer,
      Settings settings) {
    this.executor = executor;
    this.trainPlan = trainPlan;
    this.hasTest = hasTest;
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
    for (long t = state.step(); t < settings.steps(); t++) {
      long t0 = System.nanoTime();
      executor.beginStep(t, settings.steps());
      long[] batch = settings.batchSize() > 0 ? trainPlan.minibatch(settings.seed(), t, settings.batchSize()) : null;
      LossGradientSum total = fold(executor.train(omega, batch, true));
      double loss = total.loss();
      double[] g = total.gradient();
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(t, "the upper loss");
      }
      double gn = 0;
      for (double v : g) {
        gn += v * v;
      }
      gn = Math.sqrt(gn);
      if (!Double.isFinite(gn)) {
        throw new TrainingDivergedException(t, "the hypergradient");
      }
      double[] st = total.stats();
      boolean evalNow = settings.evalEvery() > 0
          && ((t + 1) % settings.evalEvery() == 0 || t == settings.steps() - 1);
      double trainNmse = Double.NaN;
      if (settings.muIsZero()) {
        trainNmse = SparseCodingObjective.nmseDb(st[SparseCodingObjective.STAT_SQ_ERROR],
            st[SparseCodingObjective.STAT_SQ_NORM]);
      } else if (evalNow) {
        trainNmse = nmse(fold(executor.evaluate(omega, false, new int[] {settings.layers()})))[0];
      }
      double testNmse = Double.NaN;
      double residual = Double.NaN;
      if (evalNow && hasTest) {
        double[] r = nmse(fold(executor.evaluate(omega, true, new int[] {settings.layers()})));
        testNmse = r[0];
        residual = r[1];
      }
      double adjIters = st[SparseCodingObjective.STAT_ADJOINT_ITERATIONS] / Math.max(1, st[SparseCodingObjective.STAT_BLOCKS]);
      optimizer.step(omega, g, state);
      for (double v : omega) {
        if (!Double.isFinite(v)) {
          throw new TrainingDivergedException(t, "omega after the update");
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      listener.onStep(new StepMetrics(t, loss, gn, trainNmse, testNmse, residual, adjIters, total.count(), secs),
          omega, state);
    }
  }

  /** Folds per-shard sums in shard order, starting from an empty sum. */
  public static LossGradientSum fold(LossGradientSum[] shards) {
    LossGradientSum acc = new LossGradientSum(shards[0].dim(), shards[0].stats().length);
    for (LossGradientSum s : shards) {
      acc.merge(s);
    }
    return acc;
  }

  /** Folds per-shard evaluation sums in shard order: result[depth][stat]. */
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

  /** (NMSE dB, mean fixed-point residual) of the first depth of folded evaluation sums. */
  public static double[] nmse(double[][] folded) {
    double[] e = folded[0];
    double res = e[SparseCodingObjective.EVAL_RESIDUAL_COUNT] > 0
        ? e[SparseCodingObjective.EVAL_RESIDUAL] / e[SparseCodingObjective.EVAL_RESIDUAL_COUNT] : Double.NaN;
    return new double[] {SparseCodingObjective.nmseDb(e[SparseCodingObjective.EVAL_SQ_ERROR],
        e[SparseCodingObjective.EVAL_SQ_NORM]), res};
  }
}
