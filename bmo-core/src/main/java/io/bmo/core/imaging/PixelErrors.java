package io.bmo.core.imaging;

/**
 * Σ squared error and Σ pixels of restored images against their truth: the training statistics (and evaluation
 * rows) of the learned-network families, carried as a flat vector of {@link #SIZE} slots that the reductions add slot by
 * slot; this record is the only place that knows the slots.
 *
 * @param squaredError Σ‖x̂ − x*‖²
 * @param pixels Σ pixels
 */
public record PixelErrors(double squaredError, double pixels) {
  /** Slots of the flat vector. */
  public static final int SIZE = 2;

  /** Reads the first {@link #SIZE} slots of a vector. */
  public static PixelErrors of(double[] v) {
    return new PixelErrors(v[0], v[1]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = squaredError;
    v[1] = pixels;
  }

  /** PSNR in dB for intensities in [0, 1]: −10·log10(Σ squared error / Σ pixels). */
  public double psnr() {
    return -10 * Math.log10(squaredError / pixels);
  }
}
