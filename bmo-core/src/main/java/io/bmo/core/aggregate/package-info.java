/**
 * Sums of the upper objective over examples, the unit Spark partitions compute and the driver reduces.
 *
 * <p>{@link io.bmo.core.aggregate.LossGradientSum} holds Σℓ, Σ∇ℓ, per-problem statistics and the example count
 * of a shard, folded block by block in a fixed order. {@link io.bmo.core.aggregate.ReproducibleSum} is an
 * order-independent binned sum (32-bit bins, 3 kept per coordinate, exact integer arithmetic) and
 * {@link io.bmo.core.aggregate.ReproducibleStepSum} reduces a step's shard sums with it, so the result depends only
 * on the multiset of shard sums: not on partitions, task order, tree shape or retries.
 */
package io.bmo.core.aggregate;
