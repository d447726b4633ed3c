package io.bmo.core.algorithms;

import io.bmo.core.optim.GradientTransform;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.optim.Transforms;
import java.io.Serializable;
import java.util.List;

/** How a stochastic driver turns a hypergradient z into a θ step, built on the existing {@link Transforms}. */
public sealed interface StepRule extends Serializable {
  /** θ ← Proj(θ − α_k z), α_k = rate.at(k) = α₀(k+1)^(−q). */
  record Sgd(PowerSchedule rate) implements StepRule {
    public Sgd {
      if (rate == null) {
        throw new IllegalArgumentException("rate schedule must be given");
      }
    }
  }

  /** Adam with lr_k = lr·(k+1)^(−decay) ({@link Transforms#adam}). */
  record Adam(double lr, double beta1, double beta2, double eps, double decay) implements StepRule {
    public Adam {
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException("adam lr must be positive and finite, got " + lr);
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (!(eps > 0) || !(decay >= 0)) {
        throw new IllegalArgumentException("adam needs eps > 0 and decay >= 0, got " + eps + ", " + decay);
      }
    }
  }

  /** The optimizer: this rule's transform followed by {@code constraint}. */
  default Optimizer optimizer(ParamConstraint constraint) {
    GradientTransform t;
    if (this instanceof Sgd s) {
      t = Transforms.sgd(s.rate().initial(), s.rate().exponent());
    } else {
      Adam a = (Adam) this;
      t = Transforms.adam(a.lr(), a.beta1(), a.beta2(), a.eps(), a.decay());
    }
    return new Optimizer(List.of(t), constraint);
  }
}
