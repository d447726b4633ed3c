package io.bmo.core.solver;

import java.io.Serializable;

/**
 * The BMO inner loop (Liu et al., ICML 2022, Algorithm 1 with GKM relaxation), u⁰ = 0, for k = 1..K:
 * <pre>
 *   v_l = T_k(u^{k−1}; ω)
 *   v_u = u^{k−1} − β·(u^{k−1} − x)
 *   w   = μ·v_u + (1−μ)·v_l
 *   u^k = Proj_U((1−α)·u^{k−1} + α·w)
 * </pre>
 * μ = 0 gives the plain (relaxed) fixed-point iteration used at test time.
 *
 * @param layers K ≥ 1
 * @param mu aggregation weight μ ∈ [0, 1]
 * @param beta step of the upper-level gradient step β ∈ [0, 2]
 * @param alpha GKM relaxation α ∈ (0, 1]
 * @param projection the set U
 */
public record BmoConfig(int layers, double mu, double beta, double alpha, Projection projection)
    implements Serializable {
  public BmoConfig {
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (!(mu >= 0.0 && mu <= 1.0)) {
      throw new IllegalArgumentException("mu must be in [0, 1], got " + mu);
    }
    if (!(beta >= 0.0 && beta <= 2.0)) {
      throw new IllegalArgumentException("beta must be in [0, 2], got " + beta);
    }
    if (!(alpha > 0.0 && alpha <= 1.0)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    if (projection == null) {
      projection = Projection.NONE;
    }
  }

  /** Plain unrelaxed iteration u^k = T_k(u^{k−1}) with K layers. */
  public static BmoConfig plain(int layers) {
    return new BmoConfig(layers, 0.0, 0.0, 1.0, Projection.NONE);
  }

  /** The same loop with μ = 0 (test-time metrics) and {@code layers} steps. */
  public BmoConfig forEvaluation(int evalLayers) {
    return new BmoConfig(evalLayers, 0.0, beta, alpha, projection);
  }

  /** Coefficient of u^{k−1} in the pre-projection point: (1−α) + αμ(1−β). */
  public double selfWeight() {
    return (1.0 - alpha) + alpha * mu * (1.0 - beta);
  }

  /** Coefficient of x: αμβ. */
  public double targetWeight() {
    return alpha * mu * beta;
  }

  /** Coefficient of T(u^{k−1}): α(1−μ). */
  public double mapWeight() {
    return alpha * (1.0 - mu);
  }
}
