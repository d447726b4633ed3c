package io.bmo.jobs.ml;

import io.bmo.core.aggregate.ReproducibleSum;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

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
public final class ImagingEvaluator extends ArrayPairEvaluator {
  private static final long serialVersionUID = 1L;
  private static final List<String> METRICS = List.of("psnr", "mse");

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
    super(uid, "column of the restored images (array<double> or vector)", new String[] {"imageCol", "column of the clean images (array<double> or vector)", "image"}, METRICS);
  }

  /** {@return the parameter} Column of the clean images (default {@code "image"}). */
  public Param<String> imageCol() {
    return referenceCol;
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
    set(referenceCol, value);
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

  @Override
  int sums() {
    return 2;
  }

  @Override
  void addRow(double[] u, double[] x, double[] out) {
    double err = 0.0;
    for (int j = 0; j < x.length; j++) {
      double d = u[j] - x[j];
      err += d * d;
    }
    out[0] = err;
    out[1] = x.length;
  }

  @Override
  double metric(ReproducibleSum s, String name) {
    return name.equals("mse") ? s.value(0) / s.value(1) : 10.0 * Math.log10(s.value(1) / s.value(0));
  }

  @Override
  public ImagingEvaluator copy(ParamMap extra) {
    return (ImagingEvaluator) defaultCopy(extra);
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
