package io.bmo.core.solver;

/**
 * Accuracies of one hypergradient evaluation; inexact bilevel methods change them from step to step.
 *
 * @param lower ε: the lower-level solve stops when ‖∇ₓE_b‖₂ ≤ ε for each example b
 * @param cg δ: CG stops when ‖∇ₓℓ − H q‖ / ‖∇ₓℓ‖ ≤ δ over the block
 */
public record Tolerances(double lower, double cg) implements java.io.Serializable {
  public Tolerances {
    if (!(lower > 0) || Double.isInfinite(lower)) {
      throw new IllegalArgumentException("lower tolerance must be positive and finite, got " + lower);
    }
    if (!(cg > 0) || Double.isInfinite(cg)) {
      throw new IllegalArgumentException("cg tolerance must be positive and finite, got " + cg);
    }
  }
}
