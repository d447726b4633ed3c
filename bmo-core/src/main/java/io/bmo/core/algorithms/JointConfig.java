package io.bmo.core.algorithms;

import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import java.io.Serializable;

/**
 * HODL-style joint mode ({@link JointRunner}).
 *
 * @param innerSteps J ≥ 1 GKM steps per example per outer step
 * @param mu μ_t schedule
 * @param beta β ∈ [0, 2] of the upper-level gradient step inside the GKM iteration (see {@link BmoConfig})
 * @param alpha GKM relaxation α ∈ (0, 1]
 * @param projection the set U of the iterates (null = ℝⁿ)
 * @param step the ω update
 * @param batchSize examples per outer step; 0 = full batch
 * @param seed minibatch seed
 */
public record JointConfig(int innerSteps, MuSchedule mu, double beta, double alpha, Projection projection,
    StepRule step, int batchSize, long seed) implements Serializable {
  public JointConfig {
    if (innerSteps < 1) {
      throw new IllegalArgumentException("innerSteps must be >= 1, got " + innerSteps);
    }
    if (mu == null || step == null) {
      throw new IllegalArgumentException("mu schedule and step rule must be given");
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("batchSize must be >= 0, got " + batchSize);
    }
    if (projection == null) {
      projection = Projection.NONE;
    }
    inner(0.0, innerSteps, beta, alpha, projection); // validates beta and alpha
  }

  /** The inner loop of outer step t: J steps with μ_t. */
  public BmoConfig innerAt(long t) {
    return inner(mu.at(t), innerSteps, beta, alpha, projection);
  }

  private static BmoConfig inner(double mu, int j, double beta, double alpha, Projection p) {
    return new BmoConfig(j, mu, beta, alpha, p);
  }
}
