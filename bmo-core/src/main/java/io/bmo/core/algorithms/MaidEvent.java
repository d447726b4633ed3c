package io.bmo.core.algorithms;

/**
 * One attempt within a MAID step, as logged.
 *
 * @param kind outcome
 * @param lowerTolerance ε used
 * @param cgTolerance δ used
 * @param gradientBound bound on ‖z − ∇f(θ)‖ (mean over examples)
 * @param gradientNorm ‖z‖
 * @param loss f̃(θ) at the inexact lower solutions
 * @param valueBound bound on |f̃(θ) − f(θ)|
 * @param step α of the last trial (NaN when no line search ran)
 * @param trialLoss f̃(θ⁺) of the last trial (NaN when none)
 * @param cost iterations spent by this attempt (gradient evaluation and all trials)
 */
public record MaidEvent(Kind kind, double lowerTolerance, double cgTolerance, double gradientBound,
    double gradientNorm, double loss, double valueBound, double step, double trialLoss, Cost cost) {
  /** Outcome of an attempt. */
  public enum Kind {
    /** Bound below (1 − η)‖z‖ and the certified value test showed sufficient decrease: θ moved. */
    ACCEPT,
    /**
     * At the tolerance floors the value test could not resolve the decrease; the slope test (trapezoidal decrease
     * from the certified hypergradients at both ends, see {@link MaidRunner}) showed it: θ moved.
     */
    ACCEPT_SLOPE,
    /** ‖z‖ ≤ g and e_z ≤ g ({@link MaidConfig#gradientTolerance()}): certified stationary, θ stays, the run ends. */
    CONVERGED,
    /** Bound not below (1 − η)‖z‖: accuracies tightened, gradient recomputed. */
    REJECT_BOUND,
    /** No trial step passed the inexact sufficient-decrease test: accuracies tightened. */
    REJECT_LINE_SEARCH
  }
}
