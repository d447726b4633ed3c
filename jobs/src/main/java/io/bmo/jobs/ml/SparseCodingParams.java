package io.bmo.jobs.ml;

import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The parameters shared by {@link SparseCodingEstimator} and {@link SparseCodingModel}: columns, the dictionary,
 * the unrolled model and BMO inner loop, and the training loop. A fitted model carries the values its estimator
 * was fitted with, so {@code extractParamMap()} of a model chosen by a {@code CrossValidator} shows the chosen
 * values. Definitions, validators and defaults live in {@link SparseCodingParamDefs}; a value outside a
 * parameter's range fails when it is set, with a message naming the parameter.
 *
 * <p>Spark finds parameters by reflection on public methods returning a {@link Param}; the accessors below are
 * those methods.
 */
public interface SparseCodingParams extends Params {
  /**
   * The parameter objects of this instance.
   *
   * @return the definitions created for this instance's uid
   */
  SparseCodingParamDefs paramDefs();

  /**
   * {@return the parameter} Column of the observations b: {@code array<double>} or an ML vector of length m
   * (default {@code "signal"}).
   */
  default Param<String> signalCol() {
    return paramDefs().signalCol;
  }

  /** {@return the value of {@link #signalCol()}, set or default} */
  default String getSignalCol() {
    return getOrDefault(signalCol());
  }

  /**
   * {@return the parameter} Column of the target codes x: {@code array<double>} or an ML vector of length n (default
   * {@code "code"}); read by {@code fit} only.
   */
  default Param<String> codeCol() {
    return paramDefs().codeCol;
  }

  /** {@return the value of {@link #codeCol()}, set or default} */
  default String getCodeCol() {
    return getOrDefault(codeCol());
  }

  /**
   * {@return the parameter} Output column of the model: u^K from u⁰ = 0 with μ = 0, {@code array<double>} of length n
   * (default {@code "prediction"}).
   */
  default Param<String> predictionCol() {
    return paramDefs().predictionCol;
  }

  /** {@return the value of {@link #predictionCol()}, set or default} */
  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  /** {@return the parameter} Dictionary A (m × n, finite; no default). */
  default Param<Matrix> dictionary() {
    return paramDefs().dictionary;
  }

  /** {@return the value of {@link #dictionary()}, set or default} */
  default Matrix getDictionary() {
    return getOrDefault(dictionary());
  }

  /**
   * {@return the parameter} Unrolled model: {@code ista | ista-layerwise | lista-tied | alista | lista-cpss} (default
   * {@code ista-layerwise}).
   */
  default Param<String> model() {
    return paramDefs().model;
  }

  /** {@return the value of {@link #model()}, set or default} */
  default String getModel() {
    return getOrDefault(model());
  }

  /** {@return the parameter} K, unrolled layers, ≥ 1 (default 16). */
  default IntParam layers() {
    return paramDefs().layers;
  }

  /** {@return the value of {@link #layers()}, set or default} */
  default int getLayers() {
    return ((Number) getOrDefault(layers())).intValue();
  }

  /** {@return the parameter} BMO aggregation weight μ ∈ [0, 1] during training (default 0). */
  default DoubleParam mu() {
    return paramDefs().mu;
  }

  /** {@return the value of {@link #mu()}, set or default} */
  default double getMu() {
    return ((Number) getOrDefault(mu())).doubleValue();
  }

  /** {@return the parameter} BMO upper-level step β ∈ [0, 2] (default 0.5). */
  default DoubleParam beta() {
    return paramDefs().beta;
  }

  /** {@return the value of {@link #beta()}, set or default} */
  default double getBeta() {
    return ((Number) getOrDefault(beta())).doubleValue();
  }

  /** {@return the parameter} GKM relaxation α ∈ (0, 1] (default 1). */
  default DoubleParam alpha() {
    return paramDefs().alpha;
  }

  /** {@return the value of {@link #alpha()}, set or default} */
  default double getAlpha() {
    return ((Number) getOrDefault(alpha())).doubleValue();
  }

  /**
   * {@return the parameter} Initial threshold θ₀ = lambda0 / L, lambda0 ≥ 0 (default 0.1; L = ‖A‖², for alista
   * ‖WᵀA‖₂).
   */
  default DoubleParam lambda0() {
    return paramDefs().lambda0;
  }

  /** {@return the value of {@link #lambda0()}, set or default} */
  default double getLambda0() {
    return ((Number) getOrDefault(lambda0())).doubleValue();
  }

  /** {@return the parameter} Initial step s₀ = step0 / L, step0 ∈ (0, 2) (default 1). */
  default DoubleParam step0() {
    return paramDefs().step0;
  }

  /** {@return the value of {@link #step0()}, set or default} */
  default double getStep0() {
    return ((Number) getOrDefault(step0())).doubleValue();
  }

  /**
   * {@return the parameter} Support selection: percent of entries passed unthresholded per layer, ≥ 0 (default 0 =
   * off).
   */
  default DoubleParam supportIncrement() {
    return paramDefs().supportIncrement;
  }

  /** {@return the value of {@link #supportIncrement()}, set or default} */
  default double getSupportIncrement() {
    return ((Number) getOrDefault(supportIncrement())).doubleValue();
  }

  /** {@return the parameter} Support selection: largest percent passed, in [0, 100] (default 0). */
  default DoubleParam supportMax() {
    return paramDefs().supportMax;
  }

  /** {@return the value of {@link #supportMax()}, set or default} */
  default double getSupportMax() {
    return ((Number) getOrDefault(supportMax())).doubleValue();
  }

  /** {@return the parameter} Outer (Adam) steps, ≥ 0 (default 100). */
  default IntParam steps() {
    return paramDefs().steps;
  }

  /** {@return the value of {@link #steps()}, set or default} */
  default int getSteps() {
    return ((Number) getOrDefault(steps())).intValue();
  }

  /** {@return the parameter} Adam learning rate, &gt; 0 (default 1e-3). */
  default DoubleParam learningRate() {
    return paramDefs().learningRate;
  }

  /** {@return the value of {@link #learningRate()}, set or default} */
  default double getLearningRate() {
    return ((Number) getOrDefault(learningRate())).doubleValue();
  }

  /** {@return the parameter} Examples per step, drawn from (seed, step); 0 = full batch (default 0). */
  default IntParam batchSize() {
    return paramDefs().batchSize;
  }

  /** {@return the value of {@link #batchSize()}, set or default} */
  default int getBatchSize() {
    return ((Number) getOrDefault(batchSize())).intValue();
  }

  /** {@return the parameter} Minibatch seed (default 7). */
  default LongParam seed() {
    return paramDefs().seed;
  }

  /** {@return the value of {@link #seed()}, set or default} */
  default long getSeed() {
    return ((Number) getOrDefault(seed())).longValue();
  }

  /** {@return the parameter} Shards of the rows, ≥ 1: a fixed cut, so ω does not depend on the cluster (default 8). */
  default IntParam shards() {
    return paramDefs().shards;
  }

  /** {@return the value of {@link #shards()}, set or default} */
  default int getShards() {
    return ((Number) getOrDefault(shards())).intValue();
  }

  /** {@return the parameter} Examples per DGEMM block, ≥ 1 (default 256). */
  default IntParam blockSize() {
    return paramDefs().blockSize;
  }

  /** {@return the value of {@link #blockSize()}, set or default} */
  default int getBlockSize() {
    return ((Number) getOrDefault(blockSize())).intValue();
  }
}
