/**
 * Optimizers of ω on the driver, Optax-style: an {@link io.bmo.core.optim.Optimizer} is a chain of
 * {@link io.bmo.core.optim.GradientTransform}s (clip by norm, Adam, SGD with a power-law rate
 * {@code lr·(k+1)^(−decay)}) followed by a {@link io.bmo.core.optim.ParamConstraint} (a projection such as θ ≥ 0):
 * {@code ω ← Proj(ω + chain(∇φ))}.
 *
 * <p>Invariants: the update is a deterministic function of (ω, gradient, state, step); the state
 * ({@link io.bmo.core.optim.OptState}: the step and named arrays) is saved in checkpoints, so a resumed run continues
 * the same sequence bit for bit.
 */
package io.bmo.core.optim;
