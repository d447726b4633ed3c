package io.bmo.core.imaging;

/**
 * Evaluation sums of {@link ImagingShards} over a data set (one row of the evaluation table), with the lower level
 * solved to the evaluation tolerance. Carried as a flat vector of {@link #SIZE} slots that the reductions add slot by
 * slot; this record is the only place that knows the slots.
 *
 * @param squaredError Σ‖x̂ − x*‖²
 * @param pixels Σ pixels
 * @param inputSquaredError Σ‖y − x*‖² (the degraded input against the truth)
 * @param lowerIterations Σ lower-level iterations
 * @param examples number of images
 */
public record ImagingEvaluation(double squaredError, double pixels, double inputSquaredError, double lowerIterations,
    double examples) {
  /** Slots of the flat vector. */
  public static final int SIZE = 5;

  /** Reads a row of the evaluation table. */
  public static ImagingEvaluation of(double[] row) {
    return new ImagingEvaluation(row[0], row[1], row[2], row[3], row[4]);
  }

  /** Adds this record into a row, slot by slot. Modified: row. */
  public void addTo(double[] row) {
    row[0] += squaredError;
    row[1] += pixels;
    row[2] += inputSquaredError;
    row[3] += lowerIterations;
    row[4] += examples;
  }

  /** PSNR (dB) of the reconstructions; NaN without pixels. */
  public double psnr() {
    return ImagingShards.psnr(squaredError, pixels);
  }

  /** PSNR (dB) of the degraded inputs; NaN without pixels. */
  public double inputPsnr() {
    return ImagingShards.psnr(inputSquaredError, pixels);
  }
}
