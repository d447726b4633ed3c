/**
 * Per-example state of the stateful algorithms (ISGD, MAID, joint mode) outside Spark and on disk: the single-JVM
 * executor, and the checkpoint files of shard states, written into a checkpoint before its atomic rename.
 */
package io.bmo.jobs.state;
