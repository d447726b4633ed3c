package io.bmo.jobs.ml;

import io.bmo.core.operator.Spectral;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.run.SparseCodingSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

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
 * L = ‖WᵀA‖₂), and Adam updates it, followed by θ ≥ 0 and s ∈ [0.01/L, 1.99/L] ({@code optimizer} defaults).
 *
 * <p>Persistence ({@link #write()}, {@link #load}): {@code metadata/part-00000} holds the parameters as Spark ML
 * metadata JSON, {@code data/dictionary.npy} the dictionary (m × n, float64), so an unfitted estimator inside a
 * saved {@code Pipeline} or {@code CrossValidator} loads with the same parameters.
 */
public final class SparseCodingEstimator extends Estimator<SparseCodingModel>
    implements SparseCodingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DICTIONARY_FILE = "data/dictionary.npy";
  private final String uid;
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

  /** Dictionary A (m × n) from a column-major array, a shortcut for {@code setDictionary(new DenseMatrix(…))}. */
  public SparseCodingEstimator setDictionary(int m, int n, double[] columnMajor) {
    return setDictionary(new DenseMatrix(m, n, columnMajor.clone()));
  }

  /** Column of the observations b. */
  public SparseCodingEstimator setSignalCol(String value) {
    set(signalCol(), value);
    return this;
  }

  /** Column of the target codes x. */
  public SparseCodingEstimator setCodeCol(String value) {
    set(codeCol(), value);
    return this;
  }

  /** Output column of the fitted model. */
  public SparseCodingEstimator setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** Dictionary A (m × n). */
  public SparseCodingEstimator setDictionary(Matrix value) {
    set(dictionary(), value);
    return this;
  }

  /** Unrolled model id (see {@link SparseCodingParams#model()}). */
  public SparseCodingEstimator setModel(String value) {
    set(model(), value);
    return this;
  }

  /** Unrolled layers K. */
  public SparseCodingEstimator setLayers(int value) {
    set(layers(), value);
    return this;
  }

  /** BMO aggregation weight μ during training. */
  public SparseCodingEstimator setMu(double value) {
    set(mu(), value);
    return this;
  }

  /** BMO upper-level step β. */
  public SparseCodingEstimator setBeta(double value) {
    set(beta(), value);
    return this;
  }

  /** GKM relaxation α. */
  public SparseCodingEstimator setAlpha(double value) {
    set(alpha(), value);
    return this;
  }

  /** Initial threshold in units of 1/L. */
  public SparseCodingEstimator setLambda0(double value) {
    set(lambda0(), value);
    return this;
  }

  /** Initial step in units of 1/L. */
  public SparseCodingEstimator setStep0(double value) {
    set(step0(), value);
    return this;
  }

  /** Support selection: percent passed per layer. */
  public SparseCodingEstimator setSupportIncrement(double value) {
    set(supportIncrement(), value);
    return this;
  }

  /** Support selection: largest percent passed. */
  public SparseCodingEstimator setSupportMax(double value) {
    set(supportMax(), value);
    return this;
  }

  /** Outer (Adam) steps. */
  public SparseCodingEstimator setSteps(int value) {
    set(steps(), value);
    return this;
  }

  /** Adam learning rate. */
  public SparseCodingEstimator setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  /** Examples per step (0 = full batch). */
  public SparseCodingEstimator setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  /** Minibatch seed. */
  public SparseCodingEstimator setSeed(long value) {
    set(seed(), value);
    return this;
  }

  /** Shards of the rows. */
  public SparseCodingEstimator setShards(int value) {
    set(shards(), value);
    return this;
  }

  /** Examples per DGEMM block. */
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

  @Override
  public SparseCodingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SparseCodingProblem problem = SparseCodingParamDefs.problem(this, null);
    int m = problem.m();
    int n = problem.n();
    String sc = getSignalCol();
    String cc = getCodeCol();
    JavaRDD<Row> rows = dataset.select(sc, cc).toJavaRDD();
    long count = rows.count();
    if (count == 0) {
      throw new IllegalArgumentException("the training DataFrame is empty");
    }
    ShardPlan plan = new ShardPlan(count, (int) Math.min(getShards(), count), getBlockSize());
    JavaRDD<ResidentShards> resident = ShardRows.of(rows, plan, m, n, sc, cc)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    try {
      // ALISTA's step acts on M = WᵀA (diag 1), so its unit is ‖WᵀA‖₂; every other model's is ‖A‖² (as in train).
      double lip = problem.model() == SparseModel.ALISTA ? problem.map().operatorNorm()
          : Spectral.lipschitz(problem.dictionary(), m, n);
      double[] omega = problem.map().initialOmega(getLambda0() / lip, getStep0() / lip);
      TrainConfig.Opt opt = new TrainConfig.Opt("adam", getLearningRate(), 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99);
      Optimizer optimizer = SparseCodingSetup.optimizer(opt, problem.map().layout(), lip);
      optimizer.projectInitial(omega);
      SparseCodingShards shardsProblem = new SparseCodingShards(problem, new SizeOnlySource(m, n, count), null);
      List<Trainer.StepMetrics> history = new ArrayList<>();
      try (ResidentShardExecutor ex = new ResidentShardExecutor(jsc, resident, problem, plan)) {
        new Trainer(ex, shardsProblem, plan, optimizer,
            new Trainer.Settings(getSteps(), getBatchSize(), getSeed(), 0))
            .run(omega, new OptState(), (mt, w, s) -> history.add(mt));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      double[] losses = history.stream().mapToDouble(Trainer.StepMetrics::loss).toArray();
      SparseCodingModel fitted = new SparseCodingModel(uid, omega, losses, problem.alistaW());
      return copyValues(fitted, ParamMap.empty()).setParent(this);
    } finally {
      resident.unpersist(false);
    }
  }

  /** Writes the parameters as metadata JSON and the dictionary (when set) as {@code data/dictionary.npy}. */
  @Override
  public MLWriter write() {
    return new StageWriter((dir, sparkVersion) -> {
      boolean hasDictionary = isDefined(dictionary());
      StageMetadata.write(dir, this, sparkVersion, Set.of("dictionary"), Map.of("hasDictionary", hasDictionary));
      if (hasDictionary) {
        Matrix a = getDictionary();
        dir.writeNpy(DICTIONARY_FILE, Npy.ofColumnMajor(a.numRows(), a.numCols(), a.toArray()));
      }
    });
  }

  /** The reader of saved estimators (Spark ML calls it by reflection when loading a pipeline). */
  public static MLReader<SparseCodingEstimator> read() {
    return new StageReader<>(SparseCodingEstimator.class, (meta, dir) -> {
      SparseCodingEstimator est = new SparseCodingEstimator(meta.uid());
      meta.setParams(est);
      if (meta.field("hasDictionary").asBoolean()) {
        NpyArray a = dir.readNpy(DICTIONARY_FILE, -1, -1);
        est.setDictionary(a.rows(), a.cols(), a.toColumnMajor());
      }
      return est;
    });
  }

  /**
   * Loads an estimator saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @throws IllegalArgumentException naming {@code path} when it is missing or not a saved estimator
   */
  public static SparseCodingEstimator load(String path) {
    return read().load(path);
  }
}
