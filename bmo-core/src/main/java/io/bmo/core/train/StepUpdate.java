package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import java.io.Serializable;
import java.util.Map;

/**
 * Everything of an Algorithm 1 step except computing its sum: which examples step t uses, whether it evaluates,
 * and what follows the sum (the divergence checks, the metrics, the optimizer update). The driver's {@link Trainer}
 * and an executor that runs several steps where the shards are ({@link ShardExecutor#trainSteps}) both go through
 * it, so the two give the same ω bit for bit. Serializable: it travels to those tasks.
 *
 * @param plan the training set's shards
 * @param optimizer the update rule (with the parameter constraint)
 * @param settings steps, batch size, minibatch seed, evaluation cadence
 */
public record StepUpdate(ShardPlan plan, Optimizer optimizer, Trainer.Settings settings) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The sorted minibatch of step t, or null for the full batch. */
  public long[] batch(long t) {
    return settings.batchSize() > 0 ? plan.minibatch(settings.seed(), t, settings.batchSize()) : null;
  }

  /** Whether step t runs the evaluation passes (every {@code evalEvery} steps and at the last). */
  public boolean evaluates(long t) {
    return settings.evalEvery() > 0 && ((t + 1) % settings.evalEvery() == 0 || t == settings.steps() - 1);
  }

  /**
   * Finishes step t from its sum: checks that the loss and the hypergradient are finite, computes the metrics at ω_t
   * and updates ω and the state to step t + 1.
   *
   * @param problem the problem (its layout names parameters in errors; it turns sums into metrics)
   * @param total the step's reduced sum
   * @param trainEval folded evaluation sums on the training set, or null
   * @param testEval folded evaluation sums on the test set, or null
   * @param omega ω_t on entry, ω_{t+1} on exit. Modified.
   * @param state the optimizer state, advanced by one step. Modified.
   * @param startNanos {@link System#nanoTime()} at the start of the step
   * @return the metrics of step t
   * @throws TrainingDivergedException when the loss, the gradient or ω stops being finite
   */
  public Trainer.StepMetrics apply(ShardedProblem problem, long t, LossGradientSum total, double[][] trainEval,
      double[][] testEval, double[] omega, OptState state, long startNanos) {
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
    Map<String, Double> values = problem.metrics(total, trainEval, testEval);
    optimizer.step(omega, g, state);
    for (double v : omega) {
      if (!Double.isFinite(v)) {
        throw new TrainingDivergedException(t, "omega after the update at "
            + TrainingDivergedException.entry(problem.layout(), omega));
      }
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    return new Trainer.StepMetrics(t, loss, gn, values, total.count(), secs);
  }
}
