package io.bmo.core.algorithms;

/**
 * What joint-mode outer step t did, at ω_t (before its update).
 *
 * @param step t
 * @param mu μ_t
 * @param loss mean ½‖u_i^{(t)} − x_i‖² over the step's examples, u_i^{(t)} the carried iterate after this step's J
 *     inner steps
 * @param gradientNorm ‖g_t‖
 * @param examples examples in the step
 * @param cost forward GKM steps ({@link Cost#lower()}) and reverse steps ({@link Cost#adjoint()}), summed over
 *     examples
 * @param cumulative steps 0..t
 * @param iterateChange (Σ‖u_i^J − u_i⁰‖² / Σ‖x_i‖²)^½ over the step's examples (u⁰ counted only for examples
 *     visited before; 0 on first visits): how far the carried iterates still move, → 0 when they converge with ω
 */
public record JointStep(long step, double mu, double loss, double gradientNorm, long examples, Cost cost,
    Cost cumulative, double iterateChange) {}
