package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * The aggregation weight of joint mode over outer steps t = 0, 1, …:
 * {@code μ_t = μ₀·(t+1)^(−decay)} for t &lt; {@code zeroFrom}, and exactly 0 from {@code zeroFrom} on, so μ_t → 0 and
 * the final outer steps train the plain (μ = 0) iteration used at test time.
 *
 * @param initial μ₀ ∈ [0, 1]
 * @param decay ≥ 0
 * @param zeroFrom first step with μ = 0, ≥ 0 (0 = never aggregate)
 */
public record MuSchedule(double initial, double decay, long zeroFrom) implements Serializable {
  public MuSchedule {
    if (!(initial >= 0 && initial <= 1)) {
      throw new IllegalArgumentException("mu initial must be in [0, 1], got " + initial);
    }
    if (!(decay >= 0) || Double.isInfinite(decay)) {
      throw new IllegalArgumentException("mu decay must be finite and >= 0, got " + decay);
    }
    if (zeroFrom < 0) {
      throw new IllegalArgumentException("mu zeroFrom must be >= 0, got " + zeroFrom);
    }
  }

  /** μ = 0 at every step. */
  public static final MuSchedule ZERO = new MuSchedule(0.0, 0.0, 0);

  /** μ_t. */
  public double at(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + t);
    }
    return t >= zeroFrom ? 0.0 : initial * Math.pow(t + 1.0, -decay);
  }
}
