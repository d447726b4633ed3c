package io.bmo.core.optim;

import java.io.Serializable;
import java.util.List;

/**
 * ω ← Proj(ω + chain(∇φ)): a chain of {@link GradientTransform}s followed by a {@link ParamConstraint}. Runs on the
 * driver; deterministic given the same gradients and state.
 */
public final class Optimizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<GradientTransform> chain;
  private final ParamConstraint constraint;

  public Optimizer(List<GradientTransform> chain, ParamConstraint constraint) {
    this.chain = List.copyOf(chain);
    this.constraint = constraint == null ? ParamConstraint.NONE : constraint;
  }

  /** Projects a starting point onto the constraint set (modifies params). */
  public void projectInitial(double[] params) {
    constraint.project(params);
  }

  /**
   * One update.
   *
   * @param params ω. Modified.
   * @param gradient ∇φ(ω), not modified
   * @param state optimizer state. Modified (its step counter advances).
   */
  public void step(double[] params, double[] gradient, OptState state) {
    double[] u = gradient.clone();
    long k = state.step();
    for (GradientTransform t : chain) {
      t.apply(u, state, params, k);
    }
    for (int i = 0; i < params.length; i++) {
      params[i] += u[i];
    }
    constraint.project(params);
    state.increment();
  }
}
