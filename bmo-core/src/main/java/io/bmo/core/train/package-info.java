/**
 * The training loop and its executors, independent of Spark: a {@link io.bmo.core.train.ShardedProblem} splits the
 * upper objective's sum over examples into shards ({@link io.bmo.core.train.ShardPlan}: contiguous example ranges
 * cut into blocks); a {@link io.bmo.core.train.ShardExecutor} runs the shard tasks (threads of this JVM here, Spark
 * tasks in the jobs module) and returns the step's order-independent total; the {@link io.bmo.core.train.Trainer}
 * updates ω on the driver. Invariant: example i depends only on (seed, i), and the total only on the multiset of
 * shard sums, so ω is the same bits on any executor, partitioning and resume.
 */
package io.bmo.core.train;
