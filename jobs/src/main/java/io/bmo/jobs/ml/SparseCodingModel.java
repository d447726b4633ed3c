package io.bmo.jobs.ml;

import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.jobs.io.OmegaFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted sparse-coding model: the learned ω and the parameters it was fitted with ({@link SparseCodingParams}).
 * {@link #transform} adds the prediction column u^K (μ = 0, K = {@code layers}, from u⁰ = 0), computed per
 * partition in blocks of 256 signals (DGEMM). After fitting, change {@code signalCol}, {@code predictionCol} and,
 * for the tied models ista and lista-tied, {@code layers} (the same map unrolled deeper); other parameters must keep
 * describing ω, and a combination that no longer fits it fails naming them.
 *
 * <p>Persistence ({@link #write()}, {@link #load}), on any Hadoop URI: the parameters as Spark ML metadata JSON,
 * the dictionary, ω (by block, as a run's {@code omega/}) and the training losses as float64 {@code .npy} (layout:
 * {@link SparseCodingStages}), so a loaded model has the same ω bits and transforms to the same bits.
 */
public final class SparseCodingModel extends Model<SparseCodingModel> implements SparseCodingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK = 256;
  /** Identifier (the estimator's). */
  private final String uid;
  /** The parameter objects (owned by {@link #uid}). */
  private final SparseCodingParamDefs defs;
  /** Learned ω. */
  private final double[] omega;
  /** Upper loss per training step. */
  private final double[] losses;
  /** ALISTA's W (m × n column-major), null for other models. */
  private final double[] alistaW;

  /**
   * @param omega learned ω (copied)
   * @param losses upper loss per training step (copied)
   * @param alistaW ALISTA's W (m × n column-major), null for other models
   */
  SparseCodingModel(String uid, double[] omega, double[] losses, double[] alistaW) {
    this.uid = uid;
    this.defs = new SparseCodingParamDefs(this);
    this.omega = omega.clone();
    this.losses = losses.clone();
    this.alistaW = alistaW == null ? null : alistaW.clone();
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
   * @param value column of the observations b (see {@link #signalCol()})
   * @return this model
   */
  public SparseCodingModel setSignalCol(String value) {
    set(signalCol(), value);
    return this;
  }

  /**
   * @param value output column u^K (see {@link #predictionCol()})
   * @return this model
   */
  public SparseCodingModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** {@return a copy of the learned ω} Layout: theta, step, and W row-major for lista-tied, as a run's omega/. */
  public double[] omega() {
    return omega.clone();
  }

  /** {@return a copy of the upper loss φ at each training step} */
  public double[] trainingLosses() {
    return losses.clone();
  }

  /** The problem of the current parameters, checked against ω's length. */
  SparseCodingProblem problem() {
    SparseCodingProblem p = SparseCodingParamDefs.problem(this, alistaW);
    ParamLayout layout = p.map().layout();
    if (layout.size() != omega.length) {
      throw new IllegalArgumentException("parameters model = " + getModel() + ", layers = " + getLayers()
          + " and the " + p.m() + " x " + p.n() + " dictionary need ω = " + OmegaFiles.describe(layout) + " ("
          + layout.size() + " values); this model's ω has " + omega.length);
    }
    return p;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, getSignalCol());
    if (Arrays.asList(schema.fieldNames()).contains(getPredictionCol())) {
      throw new IllegalArgumentException("output column '" + getPredictionCol() + "' already exists");
    }
    return schema.add(getPredictionCol(), DataTypes.createArrayType(DataTypes.DoubleType), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int col = dataset.schema().fieldIndex(getSignalCol());
    String name = getSignalCol();
    SparseCodingProblem p = problem();
    double[] w = omega;
    JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions((Iterator<Row> it) -> {
      SparseCodingMap map = p.map();
      map.bind(w);
      BmoSolver solver = new BmoSolver(map, p.inner().forEvaluation(p.inner().layers()));
      int m = p.m();
      int n = p.n();
      List<Row> result = new ArrayList<>();
      List<Row> pending = new ArrayList<>(BLOCK);
      double[] b = new double[m * BLOCK];
      while (it.hasNext() || !pending.isEmpty()) {
        if (it.hasNext() && pending.size() < BLOCK) {
          pending.add(it.next());
          continue;
        }
        int cols = pending.size();
        for (int c = 0; c < cols; c++) {
          System.arraycopy(RowArrays.get(pending.get(c), col, m, name), 0, b, c * m, m);
        }
        map.bindBlock(b, cols);
        solver.init(null, cols, p.inner().layers() + 1);
        solver.run();
        double[] u = solver.iterate();
        for (int c = 0; c < cols; c++) {
          result.add(RowArrays.append(pending.get(c), u, c * n, n));
        }
        pending.clear();
      }
      return result.iterator();
    });
    return dataset.sparkSession().createDataFrame(rows, out);
  }

  @Override
  public SparseCodingModel copy(ParamMap extra) {
    SparseCodingModel c = new SparseCodingModel(uid, omega, losses, alistaW);
    copyValues(c, extra);
    return c.setParent(parent());
  }

  /** {@return a writer of this model} Layout: {@link SparseCodingStages}. */
  @Override
  public MLWriter write() {
    return SparseCodingStages.modelWriter(this);
  }

  /** {@return the reader of saved models} Spark ML calls it by reflection when loading a pipeline model. */
  public static MLReader<SparseCodingModel> read() {
    return SparseCodingStages.modelReader();
  }

  /**
   * Loads a model saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @return the model with the saved uid, parameters, ω and training losses
   * @throws IllegalArgumentException naming {@code path} when it is missing, corrupt or not a saved model
   */
  public static SparseCodingModel load(String path) {
    return read().load(path);
  }
}
