package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * A-posteriori bounds on the error of an inexact hypergradient and upper-level value (used by MAID).
 *
 * <p>Per example, with E(·; θ) μ-strongly convex, x̂ its minimiser, H = ∇²ₓE, B = ∂θ∇ₓE (so ∇f = −B(x̂)ᵀq̂,
 * q̂ = H(x̂)⁻¹∇ℓ(x̂)), and computed x̃ with ‖∇ₓE(x̃)‖ ≤ ε, q̃ with CG residual ρ = ‖∇ℓ(x̃) − H(x̃)q̃‖, g̃ = −B(x̃)ᵀq̃:
 * <pre>
 *   e   = ε/μ                              ≥ ‖x̃ − x̂‖                    (strong convexity)
 *   Q   = (‖∇ℓ(x̃)‖ + L_ℓ e)/μ              ≥ ‖q̂‖
 *   D   = (ρ + (L_ℓ + L_H Q) e)/μ          ≥ ‖q̃ − q̂‖
 *   ‖g̃ − ∇f‖ ≤ B_max·D + L_B·e·Q                                         ({@link #gradient})
 *   |ℓ(x̃) − ℓ(x̂)| ≤ ‖∇ℓ(x̃)‖ e + ½ L_ℓ e²                                 ({@link #value})
 * </pre>
 * Derivation: g̃ − ∇f = −B(x̃)ᵀ(q̃ − q̂) − (B(x̃) − B(x̂))ᵀq̂; q̃ − q̂ = −H(x̃)⁻¹r + H(x̃)⁻¹(∇ℓ(x̃) − ∇ℓ(x̂))
 * + H(x̃)⁻¹(H(x̂) − H(x̃))H(x̂)⁻¹∇ℓ(x̂) with ‖H⁻¹‖ ≤ 1/μ; the value bound is L_ℓ-smoothness of ℓ.
 *
 * <p>Assumptions (the bound is only as good as they are): H ⪰ μI on the segment [x̃, x̂]; ∇ℓ is L_ℓ-Lipschitz;
 * H and B are L_H- and L_B-Lipschitz in x; ‖B(x̃)‖₂ ≤ B_max. For the quadratic anchor all are exact (L_H = L_B = 0);
 * for learned regularizers they are user estimates and the bound is a heuristic.
 *
 * <p>The methods take sums over a group of n examples solved to the same ε (both bounds are affine in ‖∇ℓ_i‖ and
 * ρ_i), so a block can pass Σ‖∇ℓ_i‖ ≤ √n‖∇ℓ_block‖ and Σρ_i ≤ √n‖r_block‖ (Cauchy–Schwarz).
 *
 * @param mu μ &gt; 0, strong convexity of every E_i
 * @param lossLipschitz L_ℓ ≥ 0
 * @param hessianLipschitz L_H ≥ 0
 * @param mixedLipschitz L_B ≥ 0
 * @param mixedNorm B_max ≥ 0
 */
public record ErrorBound(double mu, double lossLipschitz, double hessianLipschitz, double mixedLipschitz,
    double mixedNorm) implements Serializable {
  public ErrorBound {
    if (!(mu > 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException("mu must be positive and finite, got " + mu);
    }
    nonNegative("lossLipschitz", lossLipschitz);
    nonNegative("hessianLipschitz", hessianLipschitz);
    nonNegative("mixedLipschitz", mixedLipschitz);
    nonNegative("mixedNorm", mixedNorm);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }

  /**
   * Σ_i bound on ‖g̃_i − ∇f_i‖ for n examples.
   *
   * @param n examples in the group
   * @param eps ε, the largest ‖∇ₓE_i(x̃_i)‖ in the group
   * @param sumLossGradient Σ_i ‖∇ℓ_i(x̃_i)‖ (or an upper bound)
   * @param sumResidual Σ_i ρ_i (or an upper bound)
   */
  public double gradient(int n, double eps, double sumLossGradient, double sumResidual) {
    double e = eps / mu;
    double sumQ = (sumLossGradient + n * lossLipschitz * e) / mu;
    double sumD = (sumResidual + n * lossLipschitz * e + hessianLipschitz * e * sumQ) / mu;
    return mixedNorm * sumD + mixedLipschitz * e * sumQ;
  }

  /** Σ_i bound on |ℓ_i(x̃_i) − ℓ_i(x̂_i)| for n examples (arguments as in {@link #gradient}). */
  public double value(int n, double eps, double sumLossGradient) {
    double e = eps / mu;
    return sumLossGradient * e + 0.5 * n * lossLipschitz * e * e;
  }
}
