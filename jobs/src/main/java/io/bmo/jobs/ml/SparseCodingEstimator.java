package io.bmo.jobs.ml;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.operator.Spectral;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.run.SparseCodingSetup;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark ML {@link Estimator} for BMO sparse coding: learns ω (θ, s and, for lista-tied, W) of the unrolled model on
 * a DataFrame with a {@code signal} column (b, length m) and a {@code code} column (x, length n), each
 * {@code array<double>} or an ML vector, and returns a {@link SparseCodingModel} that adds a {@code prediction}
 * column u^K (μ = 0).
 *
 * <p>The rows are numbered in the DataFrame's order (zipWithIndex), cut into {@code shards} index ranges exactly
 * like {@code train} does, and kept in executor memory (a cached RDD, one element per shard: the driver never
 * collects the data). Each step runs the same {@link Trainer} loop as {@code train}, so on the same rows in the same
 * order with the same settings ω is bit-identical to {@code ./submit.sh train} with {@code data.source = files}.
 * The dictionary A (m × n) is a parameter; ω starts at θ = λ₀/L, s = step0/L, W = A with L = ‖A‖².
 */
public final class SparseCodingEstimator extends Estimator<SparseCodingModel> {
  private static final long serialVersionUID = 1L;
  private final String uid;

  private final Param<String> signalCol;
  private final Param<String> codeCol;
  private final Param<String> predictionCol;
  private final Param<Matrix> dictionary;
  private final Param<String> model;
  private final IntParam layers;
  private final DoubleParam mu;
  private final DoubleParam beta;
  private final DoubleParam alpha;
  private final DoubleParam lambda0;
  private final DoubleParam step0;
  private final IntParam steps;
  private final DoubleParam learningRate;
  private final IntParam batchSize;
  private final Param<Object> seed;
  private final IntParam shards;
  private final IntParam blockSize;

  public SparseCodingEstimator() {
    this(Identifiable$.MODULE$.randomUID("bmoSparseCoding"));
  }

  public SparseCodingEstimator(String uid) {
    this.uid = uid;
    signalCol = new Param<>(this, "signalCol", "column of observations b (array<double> or vector, length m)");
    codeCol = new Param<>(this, "codeCol", "column of target codes x (array<double> or vector, length n)");
    predictionCol = new Param<>(this, "predictionCol", "output column of the model: u^K with mu = 0");
    dictionary = new Param<>(this, "dictionary", "dictionary A, m x n");
    model = new Param<>(this, "model", "ista | ista-layerwise | lista-tied");
    layers = new IntParam(this, "layers", "K, unrolled layers (>= 1)");
    mu = new DoubleParam(this, "mu", "BMO aggregation weight in [0, 1]");
    beta = new DoubleParam(this, "beta", "upper-level step beta in [0, 2]");
    alpha = new DoubleParam(this, "alpha", "GKM relaxation in (0, 1]");
    lambda0 = new DoubleParam(this, "lambda0", "initial threshold in units of 1/L");
    step0 = new DoubleParam(this, "step0", "initial step in units of 1/L, in (0, 2)");
    steps = new IntParam(this, "steps", "outer (Adam) steps");
    learningRate = new DoubleParam(this, "learningRate", "Adam learning rate");
    batchSize = new IntParam(this, "batchSize", "examples per step (0 = full batch), chosen from (seed, step)");
    seed = new Param<>(this, "seed", "minibatch seed (a long)");
    shards = new IntParam(this, "shards", "fixed number of shards (results do not depend on the cluster)");
    blockSize = new IntParam(this, "blockSize", "examples per DGEMM block");
    setDefault(signalCol, "signal");
    setDefault(codeCol, "code");
    setDefault(predictionCol, "prediction");
    setDefault(model, "ista-layerwise");
    setDefault(layers, 16);
    setDefault(mu, 0.0);
    setDefault(beta, 0.5);
    setDefault(alpha, 1.0);
    setDefault(lambda0, 0.1);
    setDefault(step0, 1.0);
    setDefault(steps, 100);
    setDefault(learningRate, 1e-3);
    setDefault(batchSize, 0);
    setDefault(seed, (Object) 7L);
    setDefault(shards, 8);
    setDefault(blockSize, 256);
  }

  @Override
  public String uid() {
    return uid;
  }

  private int i(IntParam p) {
    return ((Number) $(p)).intValue();
  }

  private double d(DoubleParam p) {
    return ((Number) $(p)).doubleValue();
  }

  public Param<String> signalCol() {
    return signalCol;
  }

  public Param<String> codeCol() {
    return codeCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<Matrix> dictionary() {
    return dictionary;
  }

  public Param<String> model() {
    return model;
  }

  public IntParam layers() {
    return layers;
  }

  public DoubleParam mu() {
    return mu;
  }

  public DoubleParam beta() {
    return beta;
  }

  public DoubleParam alpha() {
    return alpha;
  }

  public DoubleParam lambda0() {
    return lambda0;
  }

  public DoubleParam step0() {
    return step0;
  }

  public IntParam steps() {
    return steps;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<Object> seed() {
    return seed;
  }

  public IntParam shards() {
    return shards;
  }

  public IntParam blockSize() {
    return blockSize;
  }

  public SparseCodingEstimator setDictionary(Matrix a) {
    set(dictionary, a);
    return this;
  }

  /** Column of the observations b. */
  public SparseCodingEstimator setSignalCol(String v) {
    set(signalCol, v);
    return this;
  }

  /** Column of the target codes x. */
  public SparseCodingEstimator setCodeCol(String v) {
    set(codeCol, v);
    return this;
  }

  public SparseCodingEstimator setModel(String v) {
    set(model, v);
    return this;
  }

  public SparseCodingEstimator setLayers(int v) {
    set(layers, v);
    return this;
  }

  public SparseCodingEstimator setMu(double v) {
    set(mu, v);
    return this;
  }

  public SparseCodingEstimator setSteps(int v) {
    set(steps, v);
    return this;
  }

  public SparseCodingEstimator setLearningRate(double v) {
    set(learningRate, v);
    return this;
  }

  public SparseCodingEstimator setBatchSize(int v) {
    set(batchSize, v);
    return this;
  }

  public SparseCodingEstimator setSeed(long v) {
    set(seed, (Object) v);
    return this;
  }

  public SparseCodingEstimator setShards(int v) {
    set(shards, v);
    return this;
  }

  public SparseCodingEstimator setBlockSize(int v) {
    set(blockSize, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, $(signalCol));
    RowArrays.requireColumn(schema, $(codeCol));
    return schema;
  }

  @Override
  public SparseCodingEstimator copy(ParamMap extra) {
    return (SparseCodingEstimator) defaultCopy(extra);
  }

  /** The validated problem for the current parameters. */
  SparseCodingProblem problem() {
    if (!isDefined(dictionary)) {
      throw new IllegalArgumentException("dictionary: not set (setDictionary(A), A m x n)");
    }
    DenseMatrix a = $(dictionary).toDense();
    int m = a.numRows();
    int n = a.numCols();
    double[] colMajor = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        colMajor[i + j * m] = a.apply(i, j);
      }
    }
    BmoConfig inner = new BmoConfig(i(layers), d(mu), d(beta), d(alpha), Projection.NONE);
    return new SparseCodingProblem(SparseModel.parse($(model)), colMajor, m, n, inner,
        new HypergradientMethod.Reverse());
  }

  @Override
  public SparseCodingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SparseCodingProblem problem = problem();
    int m = problem.m();
    int n = problem.n();
    String sc = $(signalCol);
    String cc = $(codeCol);
    JavaRDD<Row> rows = dataset.select(sc, cc).toJavaRDD();
    long count = rows.count();
    if (count == 0) {
      throw new IllegalArgumentException("the training DataFrame is empty");
    }
    ShardPlan plan = new ShardPlan(count, (int) Math.min(i(shards), count), i(blockSize));
    JavaRDD<ResidentShards> resident = ShardRows.of(rows, plan, m, n, sc, cc)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    try {
      double lip = Spectral.lipschitz(problem.dictionary(), m, n);
      double[] omega = problem.map().initialOmega(d(lambda0) / lip, d(step0) / lip);
      TrainConfig.Opt opt = new TrainConfig.Opt("adam", d(learningRate), 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99);
      Optimizer optimizer = SparseCodingSetup.optimizer(opt, problem.map().layout(), lip);
      optimizer.projectInitial(omega);
      SparseCodingShards shardsProblem = new SparseCodingShards(problem, new SizeOnly(m, n, count), null);
      List<Trainer.StepMetrics> history = new ArrayList<>();
      try (ResidentShardExecutor ex = new ResidentShardExecutor(jsc, resident, problem, plan)) {
        new Trainer(ex, shardsProblem, plan, optimizer,
            new Trainer.Settings(i(steps), i(batchSize), ((Number) $(seed)).longValue(), 0))
            .run(omega, new OptState(), (mt, w, s) -> history.add(mt));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      double[] losses = history.stream().mapToDouble(Trainer.StepMetrics::loss).toArray();
      SparseCodingModel fitted = new SparseCodingModel(uid, problem, omega, losses);
      fitted.set(fitted.signalCol(), sc);
      fitted.set(fitted.predictionCol(), $(predictionCol));
      return fitted.setParent(this);
    } finally {
      resident.unpersist(false);
    }
  }

  /** Size-only source for the problem's bookkeeping (the data itself is resident in the RDD). */
  private record SizeOnly(int m, int n, long count) implements ExampleSource {
    @Override
    public int signalDim() {
      return m;
    }

    @Override
    public int codeDim() {
      return n;
    }

    @Override
    public long size() {
      return count;
    }

    @Override
    public void fill(long first, int cols, double[] b, double[] x) {
      throw new UnsupportedOperationException("rows live in the estimator's resident shards");
    }
  }
}
