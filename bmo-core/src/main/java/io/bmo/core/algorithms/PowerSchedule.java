package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * A polynomially decaying positive sequence {@code v_k = initial·(k+1)^(−exponent)}, k = 0, 1, … (exponent 0 gives
 * a constant). Used for ISGD's step sizes α_k, lower-level accuracies ε_k and CG tolerances δ_k.
 *
 * @param initial v₀ &gt; 0, finite
 * @param exponent decay rate ≥ 0, finite
 */
public record PowerSchedule(double initial, double exponent) implements Serializable {
  public PowerSchedule {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException("schedule initial value must be positive and finite, got " + initial);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("schedule exponent must be finite and >= 0, got " + exponent);
    }
  }

  /** A constant schedule. */
  public static PowerSchedule constant(double value) {
    return new PowerSchedule(value, 0.0);
  }

  /** v_k for 0-based step k ≥ 0. */
  public double at(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + k);
    }
    return exponent == 0.0 ? initial : initial * Math.pow(k + 1.0, -exponent);
  }
}
