/**
 * The Spark ML pipeline API of sparse coding: {@link io.bmo.jobs.ml.SparseCodingEstimator} fits ω on a DataFrame of
 * (signal b, code x) rows with the same {@link io.bmo.core.train.Trainer} loop as {@code train}, and
 * {@link io.bmo.jobs.ml.SparseCodingModel} adds u^K (μ = 0) as a prediction column;
 * {@link io.bmo.jobs.ml.SparseCodingEvaluator} scores predictions (NMSE) for {@code CrossValidator}. Their shared
 * parameters are {@link io.bmo.jobs.ml.SparseCodingParams} (defined, validated and defaulted in
 * {@link io.bmo.jobs.ml.SparseCodingParamDefs}).
 *
 * <p><b>Invariants.</b> Row i of the training DataFrame is example i of shard plan (rows, shards, blockSize); shard
 * s's partial sums are folded block by block in a task and the driver folds shards in shard order, so ω is
 * bit-identical to {@code ./submit.sh train} on the same rows in the same order and independent of the cluster.
 * A saved stage ({@code write().save(path)} on any Hadoop URI) loads to the same parameters and the same bits of
 * every array, so a loaded model transforms to the same bits; the saved layout is Spark ML's
 * ({@code metadata/part-00000} JSON, so {@code PipelineModel} and {@code CrossValidatorModel} can load it) with the
 * arrays as float64 {@code .npy} files under {@code data/}; no Java serialization.
 */
package io.bmo.jobs.ml;
