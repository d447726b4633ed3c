/**
 * Bilevel training algorithms beyond plain Algorithm 1, as pure single-JVM drivers that a distributed
 * layer can mirror step for step:
 * <ul>
 *   <li>{@link io.bmo.core.algorithms.IsgdRunner}: inexact stochastic hypergradient descent (Salehi, Mukherjee,
 *       Roberts, Ehrhardt 2025) with per-example warm starts;</li>
 *   <li>{@link io.bmo.core.algorithms.MaidRunner}: the deterministic method of adaptively inexact hypergradients (MAID)
 *       with an a-posteriori error bound ({@link io.bmo.core.algorithms.ErrorBound}), a slope test at the tolerance
 *       floors and a certified stationarity stop (‖z‖ ≤ g and e_z ≤ g ⇒ ‖∇f‖ ≤ 2g);</li>
 *   <li>{@link io.bmo.core.algorithms.JointRunner}: HODL-style joint mode for GKM fixed-point models (sparse coding),
 *       carrying each example's iterate across outer steps and, with
 *       {@link io.bmo.core.algorithms.JointGradient#CARRIED_ADJOINT}, an adjoint w ← ū + (∂Φ/∂u)ᵀw whose fixed point
 *       gives the implicit gradient (dû/dω)ᵀū at a joint fixed point.</li>
 * </ul>
 * Per-example warm-start state is an explicit, array-backed {@link io.bmo.core.algorithms.ExampleState} per shard of a
 * {@link io.bmo.core.train.ShardPlan}; every driver splits a step into a pure driver-side plan, per-shard work
 * ({@code shardSum}) and a driver-side fold-and-update ({@code finish}), which is the seam for Spark.
 */
package io.bmo.core.algorithms;
