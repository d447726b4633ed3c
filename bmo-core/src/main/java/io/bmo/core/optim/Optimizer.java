package io.bmo.core.optim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ω ← Proj(ω + chain(∇φ)): a chain of {@link GradientTransform}s followed by a {@link ParamConstraint}. Runs on the
 * driver; deterministic given the same gradients and state.
 */
public final class Optimizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<GradientTransform> chain;
  /** The state namespace of each transform of the chain: its name, then name#2, name#3, … for repeats. */
  private final List<String> namespaces;
  private final ParamConstraint constraint;

  public Optimizer(List<GradientTransform> chain, ParamConstraint constraint) {
    this.chain = List.copyOf(chain);
    this.constraint = constraint == null ? ParamConstraint.NONE : constraint;
    List<String> ns = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (GradientTransform t : this.chain) {
      int n = seen.merge(t.name(), 1, Integer::sum);
      ns.add(n == 1 ? t.name() : t.name() + "#" + n);
    }
    this.namespaces = List.copyOf(ns);
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
    for (int i = 0; i < chain.size(); i++) {
      String ns = namespaces.get(i) + ".";
      chain.get(i).apply(u, (key, length) -> state.array(ns + key, length), params, k);
    }
    for (int i = 0; i < params.length; i++) {
      params[i] += u[i];
    }
    constraint.project(params);
    state.increment();
  }
}
