/**
 * Rain-streak removal math: the rainy image is modelled as {@code O = B + R}, background B plus streak layer R.
 *
 * <p><b>Data step.</b> The exact proximal map of {@code f(B, R) = ½ Σ_p w_p (B_p + R_p − O_p)²} with step τ:
 * <pre>
 *   prox_{τf}(B₀, R₀) = (B₀ − c·r₀, R₀ − c·r₀),   r₀ = B₀ + R₀ − O,   c_p = τ w_p / (1 + 2 τ w_p),
 * </pre>
 * obtained from the optimality conditions {@code B − B₀ + τ w r = 0}, {@code R − R₀ + τ w r = 0} with
 * {@code r = B + R − O}, which give {@code r = r₀ / (1 + 2τw)}. Invariant: the residual shrinks by exactly
 * {@code 1/(1 + 2τw)}, and {@code B − R} is unchanged.
 *
 * <p><b>Background prior step</b> (hand-set classical variant): a gradient step {@code B' = B − α ∇J(B)} on the
 * smoothed total variation {@code J(B) = Σ √(|∇B|² + ε²)} (forward differences, Neumann boundary), whose VJP needs
 * the Hessian-vector product {@code Dᵀ S D v} (see {@link io.bmo.core.derain.SmoothedTvStep}).
 *
 * <p><b>Streak prior step</b>: {@code R' = soft(R − η Σ_k f_kᵀ ⋆ (f_k ⋆ R), λ)}, a gradient step on the filter
 * energy followed by the prox of λ‖·‖₁ ({@link io.bmo.core.derain.StreakStep}); the filters are learnable.
 *
 * <p>{@link io.bmo.core.derain.ClassicalDerainer} composes TV, data and streak steps with hand-set parameters.
 * Every step's VJP is exact and tested against central differences.
 */
package io.bmo.core.derain;
