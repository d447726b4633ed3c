package io.bmo.core.optim;

import java.io.Serializable;

/** A projection applied to ω after each update (e.g. θ ≥ 0, 0 &lt; s &lt; 2/L). Modifies params in place. */
@FunctionalInterface
public interface ParamConstraint extends Serializable {
  void project(double[] params);

  /** No constraint. */
  ParamConstraint NONE = p -> { };

  /** Clamps {@code params[offset .. offset+len)} into [lo, hi]. */
  static ParamConstraint clamp(int offset, int len, double lo, double hi) {
    return p -> {
      for (int i = offset; i < offset + len; i++) {
        p[i] = Math.min(hi, Math.max(lo, p[i]));
      }
    };
  }

  /** This constraint followed by {@code next}. */
  default ParamConstraint andThen(ParamConstraint next) {
    return p -> {
      project(p);
      next.project(p);
    };
  }
}
