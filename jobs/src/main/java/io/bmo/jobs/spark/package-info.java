/**
 * Spark executors: the driver broadcasts ω, each task runs a family's shard task on its examples (generated from
 * (seed, i) or read by row range) and the step's sums are reduced next to the data with an order-independent
 * {@code treeAggregate}; stateful algorithms keep per-example state in a cached RDD with lineage checkpoints. The
 * results equal the single-JVM executor's bit for bit, also after a lost executor, a retried or speculative task.
 */
package io.bmo.jobs.spark;
