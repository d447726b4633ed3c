package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * Inexact stochastic gradient descent (Salehi, Mukherjee, Roberts, Ehrhardt, "Bilevel learning with inexact
 * stochastic gradients", 2025). Step k (0-based): minibatch from (seed, k), lower levels to
 * ε_k = {@code lowerTolerance.at(k)} = ε₀(k+1)^(−p), CG to δ_k = {@code cgTolerance.at(k)} (exponent 0 = fixed),
 * then the {@link StepRule} (SGD with α_k = α₀(k+1)^(−q), or Adam).
 *
 * @param lowerTolerance ε_k schedule
 * @param cgTolerance δ_k schedule (relative CG residual; should stay below 1)
 * @param step the θ update
 * @param batchSize examples per step, ≥ 1 (≥ N means full batch)
 * @param seed minibatch seed
 */
public record IsgdConfig(PowerSchedule lowerTolerance, PowerSchedule cgTolerance, StepRule step, int batchSize,
    long seed) implements Serializable {
  public IsgdConfig {
    if (lowerTolerance == null || cgTolerance == null || step == null) {
      throw new IllegalArgumentException("lowerTolerance, cgTolerance and step must be given");
    }
    if (!(cgTolerance.initial() < 1)) {
      throw new IllegalArgumentException("cgTolerance must start below 1 (relative residual), got "
          + cgTolerance.initial());
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
  }
}
