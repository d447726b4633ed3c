package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import java.io.Serializable;

/**
 * A bilevel problem {@code min_θ f(θ) = (1/N) Σ_i ℓ_i(x̂_i(θ))}, {@code x̂_i(θ) = argmin_x E_i(x; θ)} with strongly
 * convex lower levels, whose hypergradient is computed inexactly: lower level to ‖∇ₓE_i‖ ≤ ε, adjoint
 * {@code H_i q_i = ∇ℓ_i} by CG to relative residual δ, {@code g_i = −(∂θ∇ₓE_i)ᵀ q_i} — the oracle of ISGD and MAID.
 *
 * <p>Every implementation fills the same statistics ({@link InexactStats}) into the {@link LossGradientSum}s its
 * tasks produce, so the algorithms read costs and error bounds without knowing the problem. Serializable: a distributed
 * driver broadcasts it.
 */
public interface InexactProblem extends Serializable {
  /** Dimension of θ. */
  int dimension();

  /** N, the number of training examples. */
  long examples();

  /** Values per example of the lower-level solution x_i (the primal warm start). */
  int lowerWidth();

  /** Values per example of the adjoint solution q_i. */
  int adjointWidth();

  /** Starting θ (a fresh array). */
  double[] initialTheta();

  /** Projects θ onto the feasible set. Modified: theta. */
  void project(double[] theta);

  /** A task with its own workspaces (one per thread or distributed task slot). */
  InexactTask newTask();

  /** Statistics per sum: the generic ones, then the problem's own (default: none). */
  default int numStats() {
    return InexactStats.SIZE;
  }

  /**
   * PSNR of the lower-level solutions over a step's batch, from its summed statistics, for problems whose examples
   * are images ({@code train_psnr} of ISGD steps); NaN for the others.
   */
  default double trainPsnr(LossGradientSum total) {
    return Double.NaN;
  }

  /** A fresh sum of dimension {@link #dimension()} with {@link #numStats()} statistics. */
  default LossGradientSum newSum() {
    return new LossGradientSum(dimension(), numStats());
  }
}
