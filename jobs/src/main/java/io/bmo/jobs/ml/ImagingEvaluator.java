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
 * Scores restored images against clean images for model selection ({@code CrossValidator},
 * {@code TrainValidationSplit}):
 * <ul>
 *   <li>{@code psnr} (default, larger is better): 10·log₁₀(pixels / Σ‖x̂ − x*‖²) over all rows' pixels, intensities
 *       in [0, 1], the {@code train_psnr} / {@code test_psnr} of {@code train};</li>
 *   <li>{@code mse} (smaller is better): Σ‖x̂ − x*‖² / pixels.</li>
 * </ul>
 * The sums are {@link ReproducibleSum}s, so the value has the same bits whatever the partitioning and the order in
 * which Spark merges partial sums. Persistence: Spark ML metadata JSON only ({@link #write()}, {@link #load}).
 */
public final class ImagingEvaluator extends Evaluator implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final List<String> METRICS = List.of("psnr", "mse");
  /** Identifier. */
  private final String uid;
  /** See {@link #predictionCol()}. */
  private final Param<String> predictionCol;
  /** See {@link #imageCol()}. */
  private final Param<String> imageCol;
  /** See {@link #metricName()}. */
  private final Param<String> metricName;

  /** An evaluator with a random uid and default parameters. */
  public ImagingEvaluator() {
    this(Identifiable$.MODULE$.randomUID("bmoImagingEval"));
  }

  /**
   * An evaluator with default parameters.
   *
   * @param uid its identifier (Spark ML requires this constructor for {@code copy} and loading)
   */
  public ImagingEvaluator(String uid) {
    this.uid = uid;
    predictionCol = new Param<>(this, "predictionCol", "column of the restored images (array<double> or vector)");
    imageCol = new Param<>(this, "imageCol", "column of the clean images (array<double> or vector)");
    metricName = new Param<>(this, "metricName", "metric: " + String.join(" | ", METRICS),
        SparseCodingParamDefs.checked("metricName", ParamValidators.inArray(METRICS), "one of "
            + String.join(", ", METRICS)));
    setDefault(predictionCol, "prediction");
    setDefault(imageCol, "image");
    setDefault(metricName, "psnr");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** {@return the parameter} Column of the restored images (default {@code "prediction"}). */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** {@return the parameter} Column of the clean images (default {@code "image"}). */
  public Param<String> imageCol() {
    return imageCol;
  }

  /** {@return the parameter} The metric: {@code psnr | mse} (default {@code psnr}). */
  public Param<String> metricName() {
    return metricName;
  }

  /**
   * @param value column of the restored images (see {@link #predictionCol()})
   * @return this evaluator
   */
  public ImagingEvaluator setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /**
   * @param value column of the clean images (see {@link #imageCol()})
   * @return this evaluator
   */
  public ImagingEvaluator setImageCol(String value) {
    set(imageCol, value);
    return this;
  }

  /**
   * @param value the metric: psnr or mse (see {@link #metricName()})
   * @return this evaluator
   */
  public ImagingEvaluator setMetricName(String value) {
    set(metricName, value);
    return this;
  }

  /** {@return whether larger is better} True for {@code psnr}, false for {@code mse}. */
  @Override
  public boolean isLargerBetter() {
    return $(metricName).equals("psnr");
  }

  /**
   * The metric over all rows.
   *
   * @param dataset rows with the {@code predictionCol} and {@code imageCol} columns
   * @return the metric's value
   * @throws IllegalArgumentException when a column is missing or of another type, lengths differ, or there are
   *     no rows
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    String pc = $(predictionCol);
    String ic = $(imageCol);
    RowArrays.requireColumn(schema, pc);
    RowArrays.requireColumn(schema, ic);
    ReproducibleSum sums = dataset.select(pc, ic).toJavaRDD().treeAggregate(new ReproducibleSum(2),
        (ReproducibleSum acc, Row r) -> {
          double[] x = RowArrays.get(r, 1, -1, ic);
          double[] u = RowArrays.get(r, 0, x.length, pc);
          double err = 0.0;
          for (int j = 0; j < x.length; j++) {
            double d = u[j] - x[j];
            err += d * d;
          }
          acc.add(new double[] {err, x.length});
          return acc;
        }, (ReproducibleSum a, ReproducibleSum b) -> {
          a.merge(b);
          return a;
        });
    if (sums.count() == 0) {
      throw new IllegalArgumentException("cannot evaluate an empty DataFrame");
    }
    return $(metricName).equals("mse") ? sums.value(0) / sums.value(1)
        : 10.0 * Math.log10(sums.value(1) / sums.value(0));
  }

  @Override
  public ImagingEvaluator copy(ParamMap extra) {
    return (ImagingEvaluator) defaultCopy(extra);
  }

  /** {@return a writer of this evaluator} It saves the parameters as Spark ML metadata JSON. */
  @Override
  public MLWriter write() {
    return new StageWriter((dir, sparkVersion) -> StageMetadata.write(dir, this, sparkVersion, Set.of(), Map.of()));
  }

  /** {@return the reader of saved evaluators} Spark ML calls it by reflection when loading a validator. */
  public static MLReader<ImagingEvaluator> read() {
    return new StageReader<>(ImagingEvaluator.class, (meta, dir) -> {
      ImagingEvaluator e = new ImagingEvaluator(meta.uid());
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
  public static ImagingEvaluator load(String path) {
    return read().load(path);
  }
}
