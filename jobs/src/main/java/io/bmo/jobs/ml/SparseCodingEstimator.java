package io.bmo.jobs.ml;

import io.bmo.core.train.Trainer;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML {@link Estimator} for BMO sparse coding: learns ω (θ, s and, for lista-tied, W) of the unrolled model on
 * a DataFrame with a {@code signal} column (b, length m) and a {@code code} column (x, length n), each
 * {@code array<double>} or an ML vector, and returns a {@link SparseCodingModel} that adds a {@code prediction}
 * column u^K (μ = 0). Parameters: {@link SparseCodingParams}.
 *
 * <p>The rows are numbered in the DataFrame's order (zipWithIndex), cut into {@code shards} index ranges exactly
 * like {@code train} does, and kept in executor memory (a cached RDD, one element per shard: the driver never
 * collects the data). Each step runs the same {@link Trainer} loop as {@code train}, so on the same rows in the same
 * order with the same settings ω is bit-identical to {@code ./submit.sh train} with {@code data.source = files}.
 * The dictionary A (m × n) is a parameter; ω starts at θ = λ₀/L, s = step0/L, W = A with L = ‖A‖² (for alista
 * L = ‖WᵀA‖₂), and Adam updates it, followed by θ ≥ 0 and s ∈ [0.01/L, 1.99/L] ({@code optimizer} defaults of
 * {@code bmo-defaults.conf}).
 *
 * <p>Persistence ({@link #write()}, {@link #load}): the parameters as Spark ML metadata JSON and the dictionary as
 * {@code data/dictionary.npy}, so an unfitted estimator inside a saved {@code Pipeline} or {@code CrossValidator}
 * loads with the same parameters.
 */
public final class SparseCodingEstimator extends Estimator<SparseCodingModel>
    implements SparseCodingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Identifier; the fitted model gets the same. */
  private final String uid;
  /** The parameter objects (owned by {@link #uid}). */
  private final SparseCodingParamDefs defs;

  /** A new estimator with a random uid and default parameters. */
  public SparseCodingEstimator() {
    this(Identifiable$.MODULE$.randomUID("bmoSparseCoding"));
  }

  /**
   * A new estimator with default parameters.
   *
   * @param uid its identifier (Spark ML requires this constructor for {@code copy} and loading)
   */
  public SparseCodingEstimator(String uid) {
    this.uid = uid;
    this.defs = new SparseCodingParamDefs(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public SparseCodingParamDefs paramDefs() {
    return defs;
  }

  /**
   * Dictionary A from a column-major array, a shortcut for {@code setDictionary(new DenseMatrix(m, n, …))}.
   *
   * @param m rows of A (the signal length)
   * @param n columns of A (the code length)
   * @param columnMajor the m·n entries, A(i, j) at i + j·m (copied)
   * @return this estimator
   */
  public SparseCodingEstimator setDictionary(int m, int n, double[] columnMajor) {
    return setDictionary(new DenseMatrix(m, n, columnMajor.clone()));
  }

  /**
   * @param value column of the observations b (see {@link #signalCol()})
   * @return this estimator
   */
  public SparseCodingEstimator setSignalCol(String value) {
    set(signalCol(), value);
    return this;
  }

  /**
   * @param value column of the target codes x (see {@link #codeCol()})
   * @return this estimator
   */
  public SparseCodingEstimator setCodeCol(String value) {
    set(codeCol(), value);
    return this;
  }

  /**
   * @param value output column of the fitted model (see {@link #predictionCol()})
   * @return this estimator
   */
  public SparseCodingEstimator setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /**
   * @param value dictionary A (m × n) (see {@link #dictionary()})
   * @return this estimator
   */
  public SparseCodingEstimator setDictionary(Matrix value) {
    set(dictionary(), value);
    return this;
  }

  /**
   * @param value unrolled model id (see {@link #model()})
   * @return this estimator
   */
  public SparseCodingEstimator setModel(String value) {
    set(model(), value);
    return this;
  }

  /**
   * @param value unrolled layers K (see {@link #layers()})
   * @return this estimator
   */
  public SparseCodingEstimator setLayers(int value) {
    set(layers(), value);
    return this;
  }

  /**
   * @param value BMO aggregation weight μ during training (see {@link #mu()})
   * @return this estimator
   */
  public SparseCodingEstimator setMu(double value) {
    set(mu(), value);
    return this;
  }

  /**
   * @param value BMO upper-level step β (see {@link #beta()})
   * @return this estimator
   */
  public SparseCodingEstimator setBeta(double value) {
    set(beta(), value);
    return this;
  }

  /**
   * @param value GKM relaxation α (see {@link #alpha()})
   * @return this estimator
   */
  public SparseCodingEstimator setAlpha(double value) {
    set(alpha(), value);
    return this;
  }

  /**
   * @param value initial threshold in units of 1/L (see {@link #lambda0()})
   * @return this estimator
   */
  public SparseCodingEstimator setLambda0(double value) {
    set(lambda0(), value);
    return this;
  }

  /**
   * @param value initial step in units of 1/L (see {@link #step0()})
   * @return this estimator
   */
  public SparseCodingEstimator setStep0(double value) {
    set(step0(), value);
    return this;
  }

  /**
   * @param value support selection: percent passed per layer (see {@link #supportIncrement()})
   * @return this estimator
   */
  public SparseCodingEstimator setSupportIncrement(double value) {
    set(supportIncrement(), value);
    return this;
  }

  /**
   * @param value support selection: largest percent passed (see {@link #supportMax()})
   * @return this estimator
   */
  public SparseCodingEstimator setSupportMax(double value) {
    set(supportMax(), value);
    return this;
  }

  /**
   * @param value outer (Adam) steps (see {@link #steps()})
   * @return this estimator
   */
  public SparseCodingEstimator setSteps(int value) {
    set(steps(), value);
    return this;
  }

  /**
   * @param value Adam learning rate (see {@link #learningRate()})
   * @return this estimator
   */
  public SparseCodingEstimator setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  /**
   * @param value examples per step (0 = full batch) (see {@link #batchSize()})
   * @return this estimator
   */
  public SparseCodingEstimator setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  /**
   * @param value minibatch seed (see {@link #seed()})
   * @return this estimator
   */
  public SparseCodingEstimator setSeed(long value) {
    set(seed(), value);
    return this;
  }

  /**
   * @param value shards of the rows (see {@link #shards()})
   * @return this estimator
   */
  public SparseCodingEstimator setShards(int value) {
    set(shards(), value);
    return this;
  }

  /**
   * @param value examples per DGEMM block (see {@link #blockSize()})
   * @return this estimator
   */
  public SparseCodingEstimator setBlockSize(int value) {
    set(blockSize(), value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, getSignalCol());
    RowArrays.requireColumn(schema, getCodeCol());
    return schema;
  }

  @Override
  public SparseCodingEstimator copy(ParamMap extra) {
    return (SparseCodingEstimator) defaultCopy(extra);
  }

  /**
   * Fits ω on {@code dataset} (rows numbered in its order; see the class comment).
   *
   * @param dataset rows with the {@code signalCol} and {@code codeCol} columns
   * @return the fitted model, carrying this estimator's parameter values
   * @throws IllegalArgumentException for a missing or mistyped column, an empty DataFrame, the dictionary not set
   *     or a row of another length than the dictionary's m or n
   */
  @Override
  public SparseCodingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SparseCodingFit.Result r = SparseCodingFit.run(this, dataset);
    SparseCodingModel fitted = new SparseCodingModel(uid, r.omega(), r.losses(), r.alistaW());
    return copyValues(fitted, ParamMap.empty()).setParent(this);
  }

  /** {@return a writer of this estimator} Layout: {@link SparseCodingStages}. */
  @Override
  public MLWriter write() {
    return SparseCodingStages.estimatorWriter(this);
  }

  /** {@return the reader of saved estimators} Spark ML calls it by reflection when loading a pipeline. */
  public static MLReader<SparseCodingEstimator> read() {
    return SparseCodingStages.estimatorReader();
  }

  /**
   * Loads an estimator saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @return the estimator with the saved uid, parameters and dictionary
   * @throws IllegalArgumentException naming {@code path} when it is missing or not a saved estimator
   */
  public static SparseCodingEstimator load(String path) {
    return read().load(path);
  }
}
