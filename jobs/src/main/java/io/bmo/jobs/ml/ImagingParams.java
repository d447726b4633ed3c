package io.bmo.jobs.ml;

import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The parameters shared by {@link ImagingEstimator} and {@link ImagingModel}: columns, the image shape, the problem
 * (denoise or deblur, the regularizer, the noise of generated observations, the blur) and the training loop; the
 * regularizer's and solvers' parameters are in {@link ImagingSolverParams}. A fitted model carries the values its
 * estimator was fitted with. Definitions, validators and defaults live in {@link ImagingParamDefs}; a value outside
 * a parameter's range fails when it is set, with a message naming the parameter.
 *
 * <p>Images are rows of {@code array<double>} or ML vectors, row-major, intensities in [0, 1]; {@link #imageWidth()}
 * gives their shape (0: square images, of any size in {@code transform}).
 */
public interface ImagingParams extends ImagingSolverParams {
  /**
   * {@return the parameter} Column of the clean images x* (array&lt;double&gt; or vector, row-major) (default {@code
   * image}).
   */
  default Param<String> imageCol() {
    return paramDefs().imageCol;
  }

  /** {@return the value of {@link #imageCol()}, set or default} */
  default String getImageCol() {
    return getOrDefault(imageCol());
  }

  /**
   * {@return the parameter} Column of the observations y; fit generates them when the column is absent (default {@code
   * observation}).
   */
  default Param<String> observationCol() {
    return paramDefs().observationCol;
  }

  /** {@return the value of {@link #observationCol()}, set or default} */
  default String getObservationCol() {
    return getOrDefault(observationCol());
  }

  /**
   * {@return the parameter} Output column of the model: the restored image, array&lt;double&gt; (default {@code
   * prediction}).
   */
  default Param<String> predictionCol() {
    return paramDefs().predictionCol;
  }

  /** {@return the value of {@link #predictionCol()}, set or default} */
  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  /**
   * {@return the parameter} Image width in pixels (0 = square images); the height is length / width (default {@code
   * 0}).
   */
  default IntParam imageWidth() {
    return paramDefs().imageWidth;
  }

  /** {@return the value of {@link #imageWidth()}, set or default} */
  default int getImageWidth() {
    return ((Number) getOrDefault(imageWidth())).intValue();
  }

  /**
   * {@return the parameter} Denoise (K = identity) | deblur (K = blurKernel, or the Gaussian blurSize/blurSigma)
   * (default {@code denoise}).
   */
  default Param<String> problem() {
    return paramDefs().problem;
  }

  /** {@return the value of {@link #problem()}, set or default} */
  default String getProblem() {
    return getOrDefault(problem());
  }

  /**
   * {@return the parameter} Learned regularizer: tv (smoothed total variation) | foe (convex Field of Experts) |
   * foe-student (Student-t experts, not convex) (default
   * {@code tv}).
   */
  default Param<String> regularizer() {
    return paramDefs().regularizer;
  }

  /** {@return the value of {@link #regularizer()}, set or default} */
  default String getRegularizer() {
    return getOrDefault(regularizer());
  }

  /**
   * {@return the parameter} Sigma of the Gaussian noise of generated observations (intensities in [0, 1]) (default
   * {@code 0.1}).
   */
  default DoubleParam noiseSigma() {
    return paramDefs().noiseSigma;
  }

  /** {@return the value of {@link #noiseSigma()}, set or default} */
  default double getNoiseSigma() {
    return ((Number) getOrDefault(noiseSigma())).doubleValue();
  }

  /**
   * {@return the parameter} Seed of the noise of generated observations (row i's noise from (seed, i)) (default {@code
   * 1}).
   */
  default LongParam noiseSeed() {
    return paramDefs().noiseSeed;
  }

  /** {@return the value of {@link #noiseSeed()}, set or default} */
  default long getNoiseSeed() {
    return ((Number) getOrDefault(noiseSeed())).longValue();
  }

  /** {@return the parameter} Gaussian blur: odd size in taps (deblur without blurKernel) (default {@code 5}). */
  default IntParam blurSize() {
    return paramDefs().blurSize;
  }

  /** {@return the value of {@link #blurSize()}, set or default} */
  default int getBlurSize() {
    return ((Number) getOrDefault(blurSize())).intValue();
  }

  /** {@return the parameter} Gaussian blur: sigma in pixels (deblur without blurKernel) (default {@code 1.0}). */
  default DoubleParam blurSigma() {
    return paramDefs().blurSigma;
  }

  /** {@return the value of {@link #blurSigma()}, set or default} */
  default double getBlurSigma() {
    return ((Number) getOrDefault(blurSigma())).doubleValue();
  }

  /** {@return the parameter} Outer (Adam) steps (default {@code 100}). */
  default IntParam steps() {
    return paramDefs().steps;
  }

  /** {@return the value of {@link #steps()}, set or default} */
  default int getSteps() {
    return ((Number) getOrDefault(steps())).intValue();
  }

  /** {@return the parameter} Adam learning rate (default {@code 1e-3}). */
  default DoubleParam learningRate() {
    return paramDefs().learningRate;
  }

  /** {@return the value of {@link #learningRate()}, set or default} */
  default double getLearningRate() {
    return ((Number) getOrDefault(learningRate())).doubleValue();
  }

  /** {@return the parameter} Examples per step drawn from (seed, step); 0 = full batch (default {@code 0}). */
  default IntParam batchSize() {
    return paramDefs().batchSize;
  }

  /** {@return the value of {@link #batchSize()}, set or default} */
  default int getBatchSize() {
    return ((Number) getOrDefault(batchSize())).intValue();
  }

  /** {@return the parameter} Minibatch seed (default {@code 7}). */
  default LongParam seed() {
    return paramDefs().seed;
  }

  /** {@return the value of {@link #seed()}, set or default} */
  default long getSeed() {
    return ((Number) getOrDefault(seed())).longValue();
  }

  /** {@return the parameter} Shards of the rows (fixed: results do not depend on the cluster) (default {@code 8}). */
  default IntParam shards() {
    return paramDefs().shards;
  }

  /** {@return the value of {@link #shards()}, set or default} */
  default int getShards() {
    return ((Number) getOrDefault(shards())).intValue();
  }

  /** {@return the parameter} Images per block (default {@code 256}). */
  default IntParam blockSize() {
    return paramDefs().blockSize;
  }

  /** {@return the value of {@link #blockSize()}, set or default} */
  default int getBlockSize() {
    return ((Number) getOrDefault(blockSize())).intValue();
  }

  /** {@return the parameter} Deblur: the blur kernel K, odd rows and columns (no default: the Gaussian). */
  default Param<Matrix> blurKernel() {
    return paramDefs().blurKernel;
  }

  /** {@return the value of {@link #blurKernel()}} */
  default Matrix getBlurKernel() {
    return getOrDefault(blurKernel());
  }
}
