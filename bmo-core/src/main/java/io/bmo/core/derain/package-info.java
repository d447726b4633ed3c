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
 *
 * <p><b>The family</b> ({@code problem = "derain"}, {@link io.bmo.core.derain.DerainFamily}, keys in
 * {@code derain-defaults.conf}). {@link io.bmo.core.derain.DerainStages}: K stages over u = (B, R) from (O, 0), each
 * streak step on R, CNN background prior on B and data step, inside the BMO aggregation
 * {@code u ← Proj((1 − α)u + α(μ v_u + (1 − μ) v_l))} with the upper step towards (B*, O − B*) and Proj onto [0, 1]²;
 * upper loss ½‖y − B*‖²/P on the restored image y (B_K, O − R_K or their learned blend) with its exact gradient in
 * ω = (log τ_k, log σ_k, log η_k, log λ_k, filters, network).
 * {@link io.bmo.core.derain.DerainTraining} trains it on the engine's loop; {@link io.bmo.core.derain.ClassicalTraining}
 * is the grid-tuned classical baseline ({@code model = classical}).
 *
 * <p><b>Data.</b> {@link io.bmo.core.derain.RainStreaks} draws a seeded rain layer (example i from (seed, i) only),
 * composited by the screen blend {@code O = B + R − B·R}; {@link io.bmo.core.derain.RainExamples} crops a training
 * image and picks light or heavy rain for example i, so Spark and the single JVM see the same examples.
 */
package io.bmo.core.derain;
