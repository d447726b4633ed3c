package io.bmo.jobs.sweep;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.Trainer;

/**
 * A {@link ShardExecutor} decorator that applies a {@link PruneRule}: after the training sums of step t come back it
 * reduces them (as the driver loop does, so it sees the same loss) and throws
 * {@link TrialPrunedException} when the rule says stop. Everything else is passed through unchanged.
 */
public final class PruningExecutor implements ShardExecutor {
  private final ShardExecutor inner;
  private final PruneRule rule;
  private long step;

  /**
   * Wraps {@code inner}; its training passes throw {@link TrialPrunedException} when {@code rule} says so.
   *
   * @param inner the executor that does the work
   * @param rule the pruning rule
   */
  public PruningExecutor(ShardExecutor inner, PruneRule rule) {
    this.inner = inner;
    this.rule = rule;
  }

  @Override
  public void beginStep(long step, long total) {
    this.step = step;
    inner.beginStep(step, total);
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    LossGradientSum[] sums = inner.train(omega, batch, withGradient);
    double loss = Trainer.fold(sums).loss();
    if (rule.prune(step, loss)) {
      throw new TrialPrunedException(step, loss, rule.median()[(int) step]);
    }
    return sums;
  }

  @Override
  public LossGradientSum trainTotal(double[] omega, long[] batch, boolean withGradient) {
    LossGradientSum total = inner.trainTotal(omega, batch, withGradient);
    if (rule.prune(step, total.loss())) {
      throw new TrialPrunedException(step, total.loss(), rule.median()[(int) step]);
    }
    return total;
  }

  @Override
  public double[][][] evaluate(double[] omega, boolean test, int[] depths) {
    return inner.evaluate(omega, test, depths);
  }

  @Override
  public String describe() {
    return inner.describe() + ", median pruning";
  }

  @Override
  public void close() {
    inner.close();
  }
}
