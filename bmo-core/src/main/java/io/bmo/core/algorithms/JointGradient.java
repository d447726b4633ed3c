package io.bmo.core.algorithms;

/**
 * How joint mode's ω-gradient treats the iterate u⁰ carried into outer step t (Φ_t = the J GKM steps of step t,
 * P_t = ∂Φ_t/∂u, Q_t = ∂Φ_t/∂ω at the carried u⁰, ū_t = u^J − x).
 */
public enum JointGradient {
  /**
   * g_t = Q_tᵀū_t: u⁰ is a constant, so the dependence of the carried iterate on ω through all earlier steps is
   * dropped (truncated backpropagation). Biased even at a joint fixed point: it is the gradient of J steps from the
   * fixed point, not of the fixed point; on sparse coding it drives the threshold toward 0.
   */
  TRUNCATED,
  /**
   * A carried adjoint w per example (stored with its iterate): w_t = ū_t + P_{t'}ᵀ w_{t'} (t' the example's previous
   * visit, w = 0 before the first), g_t = Q_tᵀ w_t, and P_tᵀ w_t is carried on. This is one sweep per outer step of
   * the fixed-point iteration w ← ū + Pᵀw for the adjoint of the implicit function û(ω) = Φ(û(ω); ω), so at a joint
   * fixed point (u, w, ω stationary) g = Qᵀ(I − Pᵀ)⁻¹ū = (dû/dω)ᵀū exactly; away from it the bias is
   * O(‖u_t − û(ω_t)‖ + ‖w_t − w*(ω_t)‖), i.e. it vanishes as the iterates and ω converge together. Costs what
   * TRUNCATED costs (J forward, J reverse steps) plus the reverse of step 1's u-term and n values per example.
   */
  CARRIED_ADJOINT
}
