package io.bmo.core.algorithms;

/**
 * What a driver reads from any of the stateful outer loops ({@link IsgdRunner}, {@link MaidRunner},
 * {@link JointRunner}) between steps.
 */
public interface OuterRunner {
  /** The upper-level variable at the current step (θ; ω for the joint mode), a copy. */
  double[] theta();

  /** Outer steps done so far. */
  long currentStep();

  /** Lower-level and adjoint iterations of the steps done so far. */
  Cost cumulative();
}
