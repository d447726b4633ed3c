package io.bmo.jobs.ml;

import io.bmo.core.aggregate.ReproducibleSum;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Scores predicted codes u against target codes x for model selection ({@code CrossValidator},
 * {@code TrainValidationSplit}); smaller is better for every metric:
 * <ul>
 *   <li>{@code nmseDb} (default): 10·log₁₀(Σ‖u − x‖² / Σ‖x‖²), the test metric of {@code train} and
 *       {@code evaluate};</li>
 *   <li>{@code nmse}: Σ‖u − x‖² / Σ‖x‖²;</li>
 *   <li>{@code mse}: Σ‖u − x‖² / (rows · n).</li>
 * </ul>
 * The three sums are {@link ReproducibleSum}s, so the value has the same bits whatever the partitioning and the
 * order in which Spark merges partial sums. Persistence: Spark ML metadata JSON only ({@link #write()},
 * {@link #load}).
 */
public final class SparseCodingEvaluator extends Evaluator implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final List<String> METRICS = List.of("nmseDb", "nmse", "mse");
  /** Identifier. */
  private final String uid;
  /** See {@link #predictionCol()}. */
  private final Param<String> predictionCol;
  /** See {@link #codeCol()}. */
  private final Param<String> codeCol;
  /** See {@link #metricName()}. */
  private final Param<String> metricName;

  /** An evaluator with a random uid and default parameters. */
  public SparseCodingEvaluator() {
    this(Identifiable$.MODULE$.randomUID("bmoSparseCodingEval"));
  }

  /**
   * An evaluator with default parameters.
   *
   * @param uid its identifier (Spark ML requires this constructor for {@code copy} and loading)
   */
  public SparseCodingEvaluator(String uid) {
    this.uid = uid;
    predictionCol = new Param<>(this, "predictionCol", "column of the predicted codes u (array<double> or vector)");
    codeCol = new Param<>(this, "codeCol", "column of the target codes x (array<double> or vector)");
    metricName = new Param<>(this, "metricName", "metric: " + String.join(" | ", METRICS),
        SparseCodingParamDefs.checked("metricName", ParamValidators.inArray(METRICS), "one of "
            + String.join(", ", METRICS)));
    setDefault(predictionCol, "prediction");
    setDefault(codeCol, "code");
    setDefault(metricName, "nmseDb");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** {@return the parameter} Column of the predicted codes u (default {@code "prediction"}). */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** {@return the parameter} Column of the target codes x (default {@code "code"}). */
  public Param<String> codeCol() {
    return codeCol;
  }

  /** {@return the parameter} The metric: {@code nmseDb | nmse | mse} (default {@code nmseDb}). */
  public Param<String> metricName() {
    return metricName;
  }

  /**
   * @param value column of the predicted codes u (see {@link #predictionCol()})
   * @return this evaluator
   */
  public SparseCodingEvaluator setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /**
   * @param value column of the target codes x (see {@link #codeCol()})
   * @return this evaluator
   */
  public SparseCodingEvaluator setCodeCol(String value) {
    set(codeCol, value);
    return this;
  }

  /**
   * @param value the metric: nmseDb, nmse or mse (see {@link #metricName()})
   * @return this evaluator
   */
  public SparseCodingEvaluator setMetricName(String value) {
    set(metricName, value);
    return this;
  }

  @Override
  public boolean isLargerBetter() {
    return false;
  }

  /**
   * The metric over all rows.
   *
   * @param dataset rows with the {@code predictionCol} and {@code codeCol} columns
   * @return the metric's value (smaller is better)
   * @throws IllegalArgumentException when a column is missing or of another type, lengths differ, or there are
   *     no rows
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    String pc = $(predictionCol);
    String cc = $(codeCol);
    RowArrays.requireColumn(schema, pc);
    RowArrays.requireColumn(schema, cc);
    ReproducibleSum sums = dataset.select(pc, cc).toJavaRDD().treeAggregate(new ReproducibleSum(3),
        (ReproducibleSum acc, Row r) -> {
          double[] x = RowArrays.get(r, 1, -1, cc);
          double[] u = RowArrays.get(r, 0, x.length, pc);
          double err = 0.0;
          double norm = 0.0;
          for (int j = 0; j < x.length; j++) {
            double d = u[j] - x[j];
            err += d * d;
            norm += x[j] * x[j];
          }
          acc.add(new double[] {err, norm, x.length});
          return acc;
        }, (ReproducibleSum a, ReproducibleSum b) -> {
          a.merge(b);
          return a;
        });
    if (sums.count() == 0) {
      throw new IllegalArgumentException("cannot evaluate an empty DataFrame");
    }
    double err = sums.value(0);
    return switch ($(metricName)) {
      case "nmse" -> err / sums.value(1);
      case "mse" -> err / sums.value(2);
      default -> 10.0 * Math.log10(err / sums.value(1));
    };
  }

  @Override
  public SparseCodingEvaluator copy(ParamMap extra) {
    return (SparseCodingEvaluator) defaultCopy(extra);
  }

  /** {@return a writer of this evaluator} It saves the parameters as Spark ML metadata JSON. */
  @Override
  public MLWriter write() {
    return new StageWriter((dir, sparkVersion) -> StageMetadata.write(dir, this, sparkVersion, Set.of(), Map.of()));
  }

  /** {@return the reader of saved evaluators} Spark ML calls it by reflection when loading a validator. */
  public static MLReader<SparseCodingEvaluator> read() {
    return new StageReader<>(SparseCodingEvaluator.class, (meta, dir) -> {
      SparseCodingEvaluator e = new SparseCodingEvaluator(meta.uid());
      meta.setParams(e);
      return e;
    });
  }

  /**
   * Loads an evaluator saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @return the evaluator with the saved uid and parameters
   * @throws IllegalArgumentException naming {@code path} when it is missing or not a saved evaluator
   */
  public static SparseCodingEvaluator load(String path) {
    return read().load(path);
  }
}
