package io.bmo.jobs.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML {@link Estimator} for learned-regularizer image restoration ({@code denoise | deblur}; tv, foe or
 * foe-student): learns θ of the lower level {@code min_x ½‖Kx − y‖² + R_θ(x) + ε_sc/2‖x‖²} by Algorithm 1 with the
 * implicit hypergradient, on a DataFrame whose {@code image} column holds clean images x* and whose optional
 * {@code observation} column holds their observations y; returns an {@link ImagingModel} that restores observations.
 * Parameters: {@link ImagingParams} and {@link ImagingSolverParams}.
 *
 * <p>Without an observation column, row i is degraded as {@code train} degrades crops of image files:
 * {@code y = K x* + σ n}, noise from ({@code noiseSeed}, i). The rows are numbered in the DataFrame's order, cut
 * into {@code shards} index ranges as {@code train} cuts its examples and kept in executor memory (the driver never
 * collects them); each step runs {@code train}'s {@code Trainer} loop, so on the same images in the same order with
 * the same settings θ is bit-identical to {@code ./submit.sh train} of a {@code denoise} or {@code deblur} config.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): the parameters as Spark ML metadata JSON and the blur kernel,
 * when set, as {@code data/blur_kernel.npy} (layout: {@link ImagingStages}).
 */
public final class ImagingEstimator extends Estimator<ImagingModel> implements ImagingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Identifier; the fitted model gets the same. */
  private final String uid;
  /** The parameter objects (owned by {@link #uid}). */
  private final ImagingParamDefs defs;

  /** A new estimator with a random uid and default parameters. */
  public ImagingEstimator() {
    this(Identifiable$.MODULE$.randomUID("bmoImaging"));
  }

  /**
   * A new estimator with default parameters.
   *
   * @param uid its identifier (Spark ML requires this constructor for {@code copy} and loading)
   */
  public ImagingEstimator(String uid) {
    this.uid = uid;
    this.defs = new ImagingParamDefs(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ImagingParamDefs paramDefs() {
    return defs;
  }

  /**
   * @param value column of the clean images x* (array&lt;double&gt; or vector, row-major) (see {@link #imageCol()})
   * @return this estimator
   */
  public ImagingEstimator setImageCol(String value) {
    set(imageCol(), value);
    return this;
  }

  /**
   * @param value column of the observations y; fit generates them when the column is absent (see {@link
   * #observationCol()})
   * @return this estimator
   */
  public ImagingEstimator setObservationCol(String value) {
    set(observationCol(), value);
    return this;
  }

  /**
   * @param value output column of the model: the restored image, array&lt;double&gt; (see {@link #predictionCol()})
   * @return this estimator
   */
  public ImagingEstimator setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /**
   * @param value image width in pixels (0 = square images); the height is length / width (see {@link #imageWidth()})
   * @return this estimator
   */
  public ImagingEstimator setImageWidth(int value) {
    set(imageWidth(), value);
    return this;
  }

  /**
   * @param value denoise (K = identity) | deblur (K = blurKernel, or the Gaussian blurSize/blurSigma) (see {@link
   * #problem()})
   * @return this estimator
   */
  public ImagingEstimator setProblem(String value) {
    set(problem(), value);
    return this;
  }

  /**
   * @param value learned regularizer: tv (smoothed total variation) | foe (Field of Experts) (see {@link
   * #regularizer()})
   * @return this estimator
   */
  public ImagingEstimator setRegularizer(String value) {
    set(regularizer(), value);
    return this;
  }

  /**
   * @param value sigma of the Gaussian noise of generated observations (intensities in [0, 1]) (see {@link
   * #noiseSigma()})
   * @return this estimator
   */
  public ImagingEstimator setNoiseSigma(double value) {
    set(noiseSigma(), value);
    return this;
  }

  /**
   * @param value seed of the noise of generated observations (row i's noise from (seed, i)) (see {@link #noiseSeed()})
   * @return this estimator
   */
  public ImagingEstimator setNoiseSeed(long value) {
    set(noiseSeed(), value);
    return this;
  }

  /**
   * @param value Gaussian blur: odd size in taps (deblur without blurKernel) (see {@link #blurSize()})
   * @return this estimator
   */
  public ImagingEstimator setBlurSize(int value) {
    set(blurSize(), value);
    return this;
  }

  /**
   * @param value Gaussian blur: sigma in pixels (deblur without blurKernel) (see {@link #blurSigma()})
   * @return this estimator
   */
  public ImagingEstimator setBlurSigma(double value) {
    set(blurSigma(), value);
    return this;
  }

  /**
   * @param value tv: initial log-scale of R (see {@link #tvLogScale()})
   * @return this estimator
   */
  public ImagingEstimator setTvLogScale(double value) {
    set(tvLogScale(), value);
    return this;
  }

  /**
   * @param value tv: initial log-smoothing of R (see {@link #tvLogSmoothing()})
   * @return this estimator
   */
  public ImagingEstimator setTvLogSmoothing(double value) {
    set(tvLogSmoothing(), value);
    return this;
  }

  /**
   * @param value foe: number of filters (see {@link #foeFilters()})
   * @return this estimator
   */
  public ImagingEstimator setFoeFilters(int value) {
    set(foeFilters(), value);
    return this;
  }

  /**
   * @param value foe: filter size (odd, &gt;= 3) (see {@link #foeSize()})
   * @return this estimator
   */
  public ImagingEstimator setFoeSize(int value) {
    set(foeSize(), value);
    return this;
  }

  /**
   * @param value foe: filter initialisation dct | random (seeded) (see {@link #foeInit()})
   * @return this estimator
   */
  public ImagingEstimator setFoeInit(String value) {
    set(foeInit(), value);
    return this;
  }

  /**
   * @param value foe: seed of random filters (see {@link #foeSeed()})
   * @return this estimator
   */
  public ImagingEstimator setFoeSeed(long value) {
    set(foeSeed(), value);
    return this;
  }

  /**
   * @param value foe: initial log-scale (see {@link #foeLogScale()})
   * @return this estimator
   */
  public ImagingEstimator setFoeLogScale(double value) {
    set(foeLogScale(), value);
    return this;
  }

  /**
   * @param value foe: initial log-smoothing (see {@link #foeLogSmoothing()})
   * @return this estimator
   */
  public ImagingEstimator setFoeLogSmoothing(double value) {
    set(foeLogSmoothing(), value);
    return this;
  }

  /**
   * @param value foe: initial weight of every filter (see {@link #foeWeight()})
   * @return this estimator
   */
  public ImagingEstimator setFoeWeight(double value) {
    set(foeWeight(), value);
    return this;
  }

  /**
   * @param value epsilon_sc of the lower level's 0.5 epsilon_sc ||x||^2 term (see {@link #strongConvexity()})
   * @return this estimator
   */
  public ImagingEstimator setStrongConvexity(double value) {
    set(strongConvexity(), value);
    return this;
  }

  /**
   * @param value lower level (FISTA) tolerance epsilon on ||grad E|| per training image (see {@link #lowerTol()})
   * @return this estimator
   */
  public ImagingEstimator setLowerTol(double value) {
    set(lowerTol(), value);
    return this;
  }

  /**
   * @param value cap on FISTA gradient evaluations (see {@link #lowerMaxIterations()})
   * @return this estimator
   */
  public ImagingEstimator setLowerMaxIterations(int value) {
    set(lowerMaxIterations(), value);
    return this;
  }

  /**
   * @param value FISTA tolerance of transform, per training-image size (scaled by sqrt of the pixel ratio) (see {@link
   * #evalTol()})
   * @return this estimator
   */
  public ImagingEstimator setEvalTol(double value) {
    set(evalTol(), value);
    return this;
  }

  /**
   * @param value relative residual delta of the adjoint CG solve (see {@link #cgTol()})
   * @return this estimator
   */
  public ImagingEstimator setCgTol(double value) {
    set(cgTol(), value);
    return this;
  }

  /**
   * @param value cap on CG iterations (see {@link #cgMaxIterations()})
   * @return this estimator
   */
  public ImagingEstimator setCgMaxIterations(int value) {
    set(cgMaxIterations(), value);
    return this;
  }

  /**
   * @param value outer (Adam) steps (see {@link #steps()})
   * @return this estimator
   */
  public ImagingEstimator setSteps(int value) {
    set(steps(), value);
    return this;
  }

  /**
   * @param value Adam learning rate (see {@link #learningRate()})
   * @return this estimator
   */
  public ImagingEstimator setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  /**
   * @param value examples per step drawn from (seed, step); 0 = full batch (see {@link #batchSize()})
   * @return this estimator
   */
  public ImagingEstimator setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  /**
   * @param value minibatch seed (see {@link #seed()})
   * @return this estimator
   */
  public ImagingEstimator setSeed(long value) {
    set(seed(), value);
    return this;
  }

  /**
   * @param value shards of the rows (fixed: results do not depend on the cluster) (see {@link #shards()})
   * @return this estimator
   */
  public ImagingEstimator setShards(int value) {
    set(shards(), value);
    return this;
  }

  /**
   * @param value images per block (see {@link #blockSize()})
   * @return this estimator
   */
  public ImagingEstimator setBlockSize(int value) {
    set(blockSize(), value);
    return this;
  }

  /**
   * @param value the blur kernel K of deblur (see {@link #blurKernel()})
   * @return this estimator
   */
  public ImagingEstimator setBlurKernel(Matrix value) {
    set(blurKernel(), value);
    return this;
  }

  /**
   * Checks the input columns of {@code fit}.
   *
   * @return the schema of the fitted model's output: {@code schema} and the prediction column
   */
  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, getImageCol());
    java.util.List<String> names = java.util.Arrays.asList(schema.fieldNames());
    if (names.contains(getObservationCol())) {
      RowArrays.requireColumn(schema, getObservationCol());
    }
    return names.contains(getPredictionCol()) ? schema
        : schema.add(getPredictionCol(), org.apache.spark.sql.types.DataTypes.createArrayType(
            org.apache.spark.sql.types.DataTypes.DoubleType), false);
  }

  @Override
  public ImagingEstimator copy(ParamMap extra) {
    return (ImagingEstimator) defaultCopy(extra);
  }

  /**
   * Fits θ on {@code dataset} (rows numbered in its order; see the class comment).
   *
   * @param dataset rows with the {@code imageCol} and, optionally, the {@code observationCol} columns
   * @return the fitted model, carrying this estimator's parameter values
   * @throws IllegalArgumentException for a missing or mistyped column, an empty DataFrame, images of different
   *     shapes or parameters the problem rejects (naming them)
   */
  @Override
  public ImagingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    ImagingFit.Result r = ImagingFit.run(this, dataset);
    ImagingModel fitted = new ImagingModel(uid, r.theta(), r.losses(), r.trainPsnr(), r.shape().pixels());
    return copyValues(fitted, ParamMap.empty()).setParent(this);
  }

  /** {@return a writer of this estimator} Layout: {@link ImagingStages}. */
  @Override
  public MLWriter write() {
    return ImagingStages.estimatorWriter(this);
  }

  /** {@return the reader of saved estimators} Spark ML calls it by reflection when loading a pipeline. */
  public static MLReader<ImagingEstimator> read() {
    return ImagingStages.estimatorReader();
  }

  /**
   * Loads an estimator saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @return the estimator with the saved uid, parameters and blur kernel
   * @throws IllegalArgumentException naming {@code path} when it is missing or not a saved estimator
   */
  public static ImagingEstimator load(String path) {
    return read().load(path);
  }
}
