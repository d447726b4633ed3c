package io.bmo.core.imaging;

import io.bmo.core.aggregate.LossGradientSum;

/**
 * The statistics {@link ImagingProblem} adds per block, and their sums. Carried as a flat vector of {@link #SIZE}
 * slots that the reductions add slot by slot; this record is the only place that knows the slots.
 *
 * @param squaredError Σ‖x̂ − x*‖²
 * @param pixels Σ pixels (so PSNR = 10·log10(1/MSE) for images in [0, 1])
 * @param lowerIterations Σ per-example lower-level iterations
 * @param cgIterations Σ per-example CG operator applications (each example of a block is charged the block's count)
 * @param notConverged examples whose lower solve or CG hit its cap
 * @param powerIterations Hessian-vector products spent on Lipschitz estimation (once per block)
 */
public record ImagingStats(double squaredError, double pixels, double lowerIterations, double cgIterations,
    double notConverged, double powerIterations) {
  /** Slots of the flat vector. */
  public static final int SIZE = 6;

  /** Reads the statistics of a sum filled by {@link ImagingProblem}. */
  public static ImagingStats of(LossGradientSum sum) {
    double[] v = sum.stats();
    return new ImagingStats(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = squaredError;
    v[1] = pixels;
    v[2] = lowerIterations;
    v[3] = cgIterations;
    v[4] = notConverged;
    v[5] = powerIterations;
  }

  /** PSNR in dB, {@code 10·log10(Σ pixels / Σ squared error)}. */
  public double psnr() {
    return 10 * Math.log10(pixels / squaredError);
  }
}
