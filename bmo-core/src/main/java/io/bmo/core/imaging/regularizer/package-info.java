/**
 * Learned regularizers R_θ of the imaging lower level {@code E(x) = ½‖Kx − y‖² + R_θ(x) + ε/2‖x‖²}: smoothed total
 * variation {@code e^a Σ_p √(|∇x|_p² + e^b)} and a convex Field of Experts
 * {@code e^a Σ_i Σ_p φ_ν(w_i (k_i ∗ x)_p)} with zero-mean filters k_i (kept zero-mean by the projection). Each
 * gives R, ∇ₓR, Hessian-vector products and the mixed derivatives in θ that the implicit hypergradient needs.
 */
package io.bmo.core.imaging.regularizer;
