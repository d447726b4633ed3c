package io.bmo.jobs.ml;

import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.solver.BmoSolver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted sparse-coding model: learned ω and the unrolled map. {@link #transform} adds the prediction column
 * u^K (μ = 0, K layers, from u⁰ = 0) computed per partition in blocks of 256 signals (DGEMM).
 */
public final class SparseCodingModel extends Model<SparseCodingModel> {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK = 256;
  private final String uid;
  private final SparseCodingProblem problem;
  private final double[] omega;
  private final double[] losses;
  private final Param<String> signalCol;
  private final Param<String> predictionCol;

  SparseCodingModel(String uid, SparseCodingProblem problem, double[] omega, double[] losses) {
    this.uid = uid;
    // after uid: a Param records its parent's uid when constructed
    this.signalCol = new Param<>(this, "signalCol", "column of observations b");
    this.predictionCol = new Param<>(this, "predictionCol", "output column u^K");
    this.problem = problem;
    this.omega = omega.clone();
    this.losses = losses.clone();
    setDefault(signalCol, "signal");
    setDefault(predictionCol, "prediction");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> signalCol() {
    return signalCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** The learned ω (layout: theta, step, and W row-major for lista-tied). */
  public double[] omega() {
    return omega.clone();
  }

  /** Upper loss φ at each training step. */
  public double[] trainingLosses() {
    return losses.clone();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, $(signalCol));
    if (java.util.Arrays.asList(schema.fieldNames()).contains($(predictionCol))) {
      throw new IllegalArgumentException("output column '" + $(predictionCol) + "' already exists");
    }
    return schema.add($(predictionCol), DataTypes.createArrayType(DataTypes.DoubleType), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int col = dataset.schema().fieldIndex($(signalCol));
    String name = $(signalCol);
    SparseCodingProblem p = problem;
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
          double[] code = java.util.Arrays.copyOfRange(u, c * n, (c + 1) * n);
          Double[] boxed = new Double[n];
          for (int k = 0; k < n; k++) {
            boxed[k] = code[k];
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
    SparseCodingModel c = new SparseCodingModel(uid, problem, omega, losses);
    copyValues(c, extra);
    return c.setParent(parent());
  }
}
