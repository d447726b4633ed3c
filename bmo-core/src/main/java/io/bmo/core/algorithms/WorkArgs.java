package io.bmo.core.algorithms;

import io.bmo.core.solver.Tolerances;
import io.bmo.core.solver.BmoConfig;
import java.io.Serializable;

/**
 * What a driver asks of every shard in one pass besides θ: the 0-based outer step that marks visited examples, the
 * sorted minibatch (null = every example of the shard), and the accuracies of the pass — ε and δ for an
 * {@link InexactWork} ({@code inner} unused, may be null), or the inner GKM loop for a {@link JointWork}
 * ({@code tolerances} unused, may be null). Immutable by convention: {@code batch} is never modified.
 *
 * @param withGradient false for value-only passes (MAID's line-search trials)
 */
public record WorkArgs(long step, long[] batch, Tolerances tolerances, BmoConfig inner, boolean withGradient)
    implements Serializable {
  public WorkArgs {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
  }
}
