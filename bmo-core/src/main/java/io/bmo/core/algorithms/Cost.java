package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * The papers' cost unit, summed over examples: lower-level iterations (FISTA gradient evaluations, lower CG operator
 * applications, or forward GKM steps) and adjoint iterations (CG operator applications of the hypergradient solve,
 * or reverse-mode steps). The x-axis of the ISGD/MAID comparisons is {@link #total()}.
 *
 * @param lower Σ per-example lower-level iterations, ≥ 0
 * @param adjoint Σ per-example adjoint iterations, ≥ 0
 */
public record Cost(long lower, long adjoint) implements Serializable {
  public static final Cost ZERO = new Cost(0, 0);

  public Cost {
    if (lower < 0 || adjoint < 0) {
      throw new IllegalArgumentException("costs must be >= 0, got lower=" + lower + " adjoint=" + adjoint);
    }
  }

  public Cost plus(Cost other) {
    return new Cost(lower + other.lower, adjoint + other.adjoint);
  }

  /** lower + adjoint. */
  public long total() {
    return lower + adjoint;
  }
}
