package io.bmo.core.family;

/**
 * What {@code evaluate --images … [--kernels DIR] [--noise SIGMA]} asks of a family that restores whole images
 * ({@link FamilyRun#restore}): degrade a clean image the way its forward model does, then restore it with ω. The
 * engine reads the files, computes PSNR and SSIM on the 8-bit results and writes the CSV and PNGs; the family only
 * does the math.
 */
public final class ImageRestoration {
  private ImageRestoration() {}

  /** A blur kernel read from a file: {@code rows × cols} taps, row-major. */
  public record Kernel(String name, int rows, int cols, double[] taps) {}

  /**
   * One clean image to degrade and restore.
   *
   * @param kernel the blur (null when the command named no kernels)
   * @param noise σ of the Gaussian noise, intensities in [0, 1]
   * @param noiseSeed seed of the noise; {@code index} numbers the (image, kernel) pair, so every pair has its own
   *     fixed noise
   */
  public record Request(FamilyConfig.Image clean, Kernel kernel, double noise, long noiseSeed, long index) {
    /**
     * Adds this pair's Gaussian noise in place: {@code y[q] += noise · n_q}, n from {@link
     * io.bmo.core.random.SeededRandom} (noise seed, {@code stream}, pair index) in pixel order.
     */
    public void addNoise(double[] y, long stream) {
      io.bmo.core.random.SeededRandom n = new io.bmo.core.random.SeededRandom(noiseSeed, stream, index);
      for (int q = 0; q < y.length; q++) {
        y[q] += noise * n.nextGaussian();
      }
    }
  }

  /** The degraded observation and the restoration, each with the clean image's shape. */
  public record Result(double[] degraded, double[] restored) {}

  /**
   * What {@link FamilyRun#restoreObserved} returns for an observed image ({@code evaluate --pairs}).
   *
   * @param restored the restoration, with the observation's shape
   * @param stages intermediate images when a trace was asked for and the family has one, else an empty list: rows of
   *     images of the observation's shape (e.g. one row per layer of the state, one column per stage), shown as a
   *     grid
   */
  public record Restored(double[] restored, java.util.List<java.util.List<double[]>> stages) {}
}
