package io.bmo.core.optim;

/**
 * The stock transforms: clipping by global norm, SGD with a polynomially decaying rate, Adam, a cosine decay of the
 * rate, and a fixed factor per coordinate (per-block learning rates).
 */
public final class Transforms {
  private Transforms() {}

  /** Scales the update so its Euclidean norm is at most {@code maxNorm} (no-op when maxNorm ≤ 0). */
  public static GradientTransform clipByNorm(double maxNorm) {
    return (u, state, params, step) -> {
      if (maxNorm <= 0) {
        return;
      }
      double s = 0;
      for (double v : u) {
        s += v * v;
      }
      double norm = Math.sqrt(s);
      if (norm > maxNorm) {
        double f = maxNorm / norm;
        for (int i = 0; i < u.length; i++) {
          u[i] *= f;
        }
      }
    };
  }

  /** Plain descent: u ← −α_k·u with α_k = lr·(k+1)^(−decay) (decay = 0 for a constant rate). */
  public static GradientTransform sgd(double lr, double decay) {
    return (u, state, params, step) -> {
      double rate = lr * Math.pow(step + 1.0, -decay);
      for (int i = 0; i < u.length; i++) {
        u[i] = -rate * u[i];
      }
    };
  }

  /**
   * Adam (Kingma &amp; Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², u ← −lr_k·m̂/(√v̂ + ε) with bias corrections
   * m̂ = m/(1−β₁^t), v̂ = v/(1−β₂^t), t = step + 1, lr_k = lr·(k+1)^(−decay). Named {@code adam}: its state arrays
   * are {@code adam.m} and {@code adam.v}.
   */
  public static GradientTransform adam(double lr, double beta1, double beta2, double eps, double decay) {
    return new Named("adam", (u, state, params, step) -> {
      double[] m = state.array("m", u.length);
      double[] v = state.array("v", u.length);
      double t = step + 1.0;
      double c1 = 1.0 - Math.pow(beta1, t);
      double c2 = 1.0 - Math.pow(beta2, t);
      double rate = lr * Math.pow(t, -decay);
      for (int i = 0; i < u.length; i++) {
        double g = u[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        u[i] = -rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
  }

  /**
   * u ← f ⊙ u: a fixed factor per coordinate. After Adam or SGD it scales each coordinate's learning rate (Adam's
   * update is linear in lr), as parameter groups do: e.g. a network fine-tuned slowly beside fast stage parameters.
   *
   * @param factors one factor per coordinate of ω (copied)
   */
  public static GradientTransform scale(double[] factors) {
    double[] f = factors.clone();
    return (u, state, params, step) -> {
      if (u.length != f.length) {
        throw new IllegalArgumentException("update has " + u.length + " coordinates, factors " + f.length);
      }
      for (int i = 0; i < u.length; i++) {
        u[i] *= f[i];
      }
    };
  }

  /**
   * u ← c_k·u with c_k = α + (1 − α)·½(1 + cos(π·min(k, T)/T)): after Adam or SGD, the rate falls from its value to
   * α times it along a half cosine over the first T updates and stays there (Optax's cosine decay schedule).
   *
   * @param steps T &gt; 0, the updates the decay lasts
   * @param alpha the final factor, in [0, 1]
   */
  public static GradientTransform cosineDecay(long steps, double alpha) {
    if (steps <= 0 || !(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("cosine decay needs steps > 0 and alpha in [0, 1], got " + steps + ", "
          + alpha);
    }
    return (u, state, params, step) -> {
      double c = cosineFactor(step, steps, alpha);
      for (int i = 0; i < u.length; i++) {
        u[i] *= c;
      }
    };
  }

  /**
   * The factor c_k of {@link #cosineDecay(long, double)}.
   *
   * @param step k, the 0-based index of the update
   * @param steps T
   * @param alpha the final factor
   * @return c_k
   */
  public static double cosineFactor(long step, long steps, double alpha) {
    double t = (double) Math.min(step, steps) / steps;
    return alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t));
  }

  /** A transform with a name for its state namespace. */
  private record Named(String name, GradientTransform body) implements GradientTransform {
    @Override
    public void apply(double[] updates, State state, double[] params, long step) {
      body.apply(updates, state, params, step);
    }
  }
}
