package io.bmo.jobs.ml;

import io.bmo.core.train.ArraySource;
import java.io.Serializable;

/**
 * One shard's examples held in an executor's memory (a cached RDD element): rows [start, start + count) of the
 * training set in index order, as an {@link ArraySource}.
 *
 * @param shard shard id
 * @param start global index of the first example
 * @param source the rows
 */
record ResidentShards(int shard, long start, ArraySource source) implements Serializable {}
