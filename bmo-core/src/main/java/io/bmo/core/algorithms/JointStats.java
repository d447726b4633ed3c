package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;

/**
 * The statistics {@link JointTask} adds per block, and their sums over a step. Carried as a flat vector of
 * {@link #SIZE} slots that the reductions add slot by slot; this record is the only place that knows the slots.
 *
 * @param sqError Σ‖u^J − x‖²
 * @param sqNorm Σ‖x‖²
 * @param forwardSteps GKM steps run (J per example)
 * @param reverseSteps reverse steps run (J per example)
 * @param carriedChange Σ‖u^J − u⁰‖² over examples visited before (how far the carried iterates still move)
 */
public record JointStats(double sqError, double sqNorm, double forwardSteps, double reverseSteps,
    double carriedChange) {
  /** Slots of the flat vector. */
  public static final int SIZE = 5;

  /** Reads the statistics of a sum filled by {@link JointTask}. */
  public static JointStats of(LossGradientSum sum) {
    double[] v = sum.statsBuffer();
    return new JointStats(v[0], v[1], v[2], v[3], v[4]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = sqError;
    v[1] = sqNorm;
    v[2] = forwardSteps;
    v[3] = reverseSteps;
    v[4] = carriedChange;
  }

  /** The forward and reverse steps as a {@link Cost}. */
  public Cost cost() {
    return new Cost((long) forwardSteps, (long) reverseSteps);
  }

  /** √(Σ‖u^J − u⁰‖² / Σ‖x‖²): relative movement of the carried iterates (0 without targets). */
  public double relativeChange() {
    return sqNorm > 0 ? Math.sqrt(carriedChange / sqNorm) : 0.0;
  }
}
