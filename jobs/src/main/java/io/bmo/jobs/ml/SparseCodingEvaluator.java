package io.bmo.jobs.ml;

import io.bmo.core.aggregate.ReproducibleSum;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

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
public final class SparseCodingEvaluator extends ArrayPairEvaluator {
  private static final long serialVersionUID = 1L;
  private static final List<String> METRICS = List.of("nmseDb", "nmse", "mse");

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
    super(uid, "column of the predicted codes u (array<double> or vector)", new String[] {"codeCol", "column of the target codes x (array<double> or vector)", "code"}, METRICS);
  }

  /** {@return the parameter} Column of the target codes x (default {@code "code"}). */
  public Param<String> codeCol() {
    return referenceCol;
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
    set(referenceCol, value);
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

  /** {@return false} Every metric is smaller-is-better. */
  @Override
  public boolean isLargerBetter() {
    return false;
  }

  @Override
  int sums() {
    return 3;
  }

  @Override
  void addRow(double[] u, double[] x, double[] out) {
    double err = 0.0;
    double norm = 0.0;
    for (int j = 0; j < x.length; j++) {
      double d = u[j] - x[j];
      err += d * d;
      norm += x[j] * x[j];
    }
    out[0] = err;
    out[1] = norm;
    out[2] = x.length;
  }

  @Override
  double metric(ReproducibleSum s, String name) {
    double err = s.value(0);
    return switch (name) {
      case "nmse" -> err / s.value(1);
      case "mse" -> err / s.value(2);
      default -> 10.0 * Math.log10(err / s.value(1));
    };
  }

  @Override
  public SparseCodingEvaluator copy(ParamMap extra) {
    return (SparseCodingEvaluator) defaultCopy(extra);
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
