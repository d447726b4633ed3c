package io.bmo.jobs.ml;

import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.io.OmegaFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted sparse-coding model: the learned ω and the parameters it was fitted with ({@link SparseCodingParams}).
 * {@link #transform} adds the prediction column u^K (μ = 0, K = {@code layers}, from u⁰ = 0), computed per
 * partition in blocks of 256 signals (DGEMM); only {@code signalCol} and {@code predictionCol} are meant to change
 * after fitting (the other parameters must keep describing ω: a mismatch fails naming them).
 *
 * <p>Saved layout ({@link #write()}, {@link #load}), on any Hadoop URI: {@code metadata/part-00000} (Spark ML
 * metadata JSON with every parameter but the dictionary, plus m, n and |ω|), {@code data/dictionary.npy} (A, m × n),
 * {@code data/omega/<block>.npy} (ω by block, the names and shapes of a run's {@code omega/}),
 * {@code data/training_losses.npy} and, for alista, {@code data/alista_w.npy} (its analytic W, saved so that a
 * loaded model never recomputes it). All arrays are float64 {@code .npy}: a loaded model has the same ω bits and
 * transforms to the same bits.
 */
public final class SparseCodingModel extends Model<SparseCodingModel> implements SparseCodingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK = 256;
  private final String uid;
  private final SparseCodingParamDefs defs;
  private final double[] omega;
  private final double[] losses;
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

  /** Column of the observations b. */
  public SparseCodingModel setSignalCol(String value) {
    set(signalCol(), value);
    return this;
  }

  /** Output column u^K. */
  public SparseCodingModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** The learned ω (layout: theta, step, and W row-major for lista-tied; as a run's {@code omega/*.npy}). */
  public double[] omega() {
    return omega.clone();
  }

  /** Upper loss φ at each training step. */
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
          Row r = pending.get(c);
          Object[] v = new Object[r.length() + 1];
          for (int k = 0; k < r.length(); k++) {
            v[k] = r.get(k);
          }
          Double[] boxed = new Double[n];
          for (int k = 0; k < n; k++) {
            boxed[k] = u[c * n + k];
          }
          v[r.length()] = boxed;
          result.add(RowFactory.create(v));
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

  /** Writes metadata JSON and the arrays as {@code .npy} (layout: the class comment). */
  @Override
  public MLWriter write() {
    return new StageWriter((dir, sparkVersion) -> {
      SparseCodingProblem p = problem();
      StageMetadata.write(dir, this, sparkVersion, Set.of("dictionary"),
          Map.of("m", p.m(), "n", p.n(), "omegaSize", omega.length));
      dir.writeNpy("data/dictionary.npy", Npy.ofColumnMajor(p.m(), p.n(), p.dictionary()));
      dir.writeOmega("data/omega", p.map().layout(), omega);
      dir.writeNpy("data/training_losses.npy", Npy.ofVector(losses));
      if (p.model() == SparseModel.ALISTA) {
        dir.writeNpy("data/alista_w.npy", Npy.ofColumnMajor(p.m(), p.n(), p.alistaW()));
      }
    });
  }

  /** The reader of saved models (Spark ML calls it by reflection when loading a pipeline model). */
  public static MLReader<SparseCodingModel> read() {
    return new StageReader<>(SparseCodingModel.class, (meta, dir) -> {
      int m = meta.field("m").asInt();
      int n = meta.field("n").asInt();
      SparseCodingModel shell = new SparseCodingModel(meta.uid(), new double[0], new double[0], null);
      meta.setParams(shell);
      NpyArray a = dir.readNpy("data/dictionary.npy", m, n);
      shell.set(shell.dictionary(), (Matrix) new org.apache.spark.ml.linalg.DenseMatrix(m, n, a.toColumnMajor()));
      double[] w = SparseModel.parse(shell.getModel()) == SparseModel.ALISTA
          ? dir.readNpy("data/alista_w.npy", m, n).toColumnMajor() : null;
      ParamLayout layout = SparseCodingParamDefs.problem(shell, w).map().layout();
      double[] omega = dir.readOmega("data/omega", layout);
      double[] losses = dir.readNpy("data/training_losses.npy", -1).data();
      SparseCodingModel model = new SparseCodingModel(meta.uid(), omega, losses, w);
      return shell.copyValues(model, ParamMap.empty());
    });
  }

  /**
   * Loads a model saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @throws IllegalArgumentException naming {@code path} when it is missing, corrupt or not a saved model
   */
  public static SparseCodingModel load(String path) {
    return read().load(path);
  }
}
