/**
 * Hypergradients dℓ(u^K(ω); ω)/dω of a loss on the final iterate of an unrolled GKM iteration, built only from the
 * map's {@code apply} and {@code vjp}: reverse mode through all K steps (with a compressed tape, or binomial
 * checkpointing with S snapshots: same bits, more forward steps, {@link io.bmo.core.hypergrad.CheckpointSchedule}),
 * truncated reverse mode through the last J steps, and implicit differentiation at a fixed point (μ = 0), solving
 * (I − ∂T/∂u)ᵀ v = ∇ᵤℓ by the adjoint fixed-point iteration or GMRES to a tolerance.
 * {@link io.bmo.core.hypergrad.HypergradientMethod} is the configured choice.
 */
package io.bmo.core.hypergrad;
