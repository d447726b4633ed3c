package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import java.io.Serializable;

/**
 * A bilevel problem {@code min_θ f(θ) = (1/N) Σ_i ℓ_i(x̂_i(θ))}, {@code x̂_i(θ) = argmin_x E_i(x; θ)} with strongly
 * convex lower levels, whose hypergradient is computed inexactly: lower level to ‖∇ₓE_i‖ ≤ ε, adjoint
 * {@code H_i q_i = ∇ℓ_i} by CG to relative residual δ, {@code g_i = −(∂θ∇ₓE_i)ᵀ q_i} — the oracle of ISGD and MAID.
 *
 * <p>Every implementation fills the same statistics (indices below) into the {@link LossGradientSum}s its tasks
 * produce, so the algorithms read costs and error bounds without knowing the problem. The bound statistics are sums
 * over examples of the per-example bounds of {@link ErrorBound}; they merge by addition like the loss. Serializable:
 * a distributed driver broadcasts it.
 */
public interface InexactProblem extends Serializable {
  /** Σ lower-level iterations (see {@link Cost#lower()}). */
  int STAT_LOWER_ITERATIONS = 0;
  /** Σ adjoint CG operator applications. */
  int STAT_ADJOINT_ITERATIONS = 1;
  /** Σ_i bound on ‖g̃_i − ∇f_i‖ ({@link ErrorBound#gradient}); +∞ when a solve missed its tolerance or no bound. */
  int STAT_GRADIENT_BOUND = 2;
  /** Σ_i bound on |ℓ_i(x̃_i) − ℓ_i(x̂_i)| ({@link ErrorBound#value}); +∞ when unavailable. */
  int STAT_VALUE_BOUND = 3;
  /** Examples whose lower solve or CG hit its iteration cap. */
  int STAT_NOT_CONVERGED = 4;
  /** The statistics every inexact problem keeps; a problem's own follow from this index ({@link #numStats()}). */
  int GENERIC_STATS = 5;

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
    return GENERIC_STATS;
  }

  /** A fresh sum of dimension {@link #dimension()} with {@link #numStats()} statistics. */
  /**
   * PSNR of the lower-level solutions over a step's batch, from its summed statistics, for problems whose examples
   * are images ({@code train_psnr} of ISGD steps); NaN for the others.
   */
  default double trainPsnr(LossGradientSum total) {
    return Double.NaN;
  }

  default LossGradientSum newSum() {
    return new LossGradientSum(dimension(), numStats());
  }
}
