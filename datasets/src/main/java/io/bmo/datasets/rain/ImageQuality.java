package io.bmo.datasets.rain;

import io.bmo.core.imaging.GrayImage;

/**
 * PSNR and SSIM of a gray (luma) image against a reference, the measures deraining benchmarks report on BT.601 Y.
 *
 * <p><b>PSNR</b> = 10 log₁₀(L² / MSE) with L the data range; +∞ for identical images.
 *
 * <p><b>SSIM</b> (Wang, Bovik, Sheikh, Simoncelli 2004): Gaussian window of 11×11 taps, σ = 1.5, normalised to sum 1;
 * C₁ = (0.01 L)², C₂ = (0.03 L)²; at every position where the window lies inside the image ("valid" filtering, as the
 * authors' reference code), with weighted means μ, variances σ² = E[x²] − μ² and covariance σ_xy = E[xy] − μ_x μ_y,
 * <pre>  SSIM = (2 μ_x μ_y + C₁)(2 σ_xy + C₂) / ((μ_x² + μ_y² + C₁)(σ_x² + σ_y² + C₂)),</pre>
 * averaged over those positions. Images read by {@code ImageFiles} are in [0, 1]: use L = 1 (the same number as
 * L = 255 on images scaled by 255). Symmetric in its arguments, ≤ 1, = 1 for identical images. Needs both sides ≥ 11.
 * The windowed sums are separable (rows, then columns); the inputs are not modified.
 */
public final class ImageQuality {
  /** SSIM window side. */
  public static final int WINDOW = 11;
  /** SSIM window Gaussian σ. */
  public static final double WINDOW_SIGMA = 1.5;
  /** SSIM constant K1 (C1 = (K1·L)², L the data range). */
  public static final double K1 = 0.01;
  /** SSIM constant K2 (C2 = (K2·L)²). */
  public static final double K2 = 0.03;

  private ImageQuality() {}

  /**
   * PSNR in dB of {@code x} against {@code ref}; +∞ if equal.
   *
   * @param x the image
   * @param ref the reference
   * @param dataRange L, the range of the intensities (1 for [0, 1])
   * @return the PSNR in dB
   */
  public static double psnr(GrayImage x, GrayImage ref, double dataRange) {
    sameSize(x, ref);
    double[] a = x.pixels();
    double[] b = ref.pixels();
    double sum = 0;
    for (int p = 0; p < a.length; p++) {
      double d = a[p] - b[p];
      sum += d * d;
    }
    double mse = sum / a.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(dataRange * dataRange / mse);
  }

  /**
   * The normalised 1-D Gaussian taps of the SSIM window (its outer product is the 2-D window).
   *
   * @return the taps, summing to 1
   */
  public static double[] gaussianTaps() {
    double[] g = new double[WINDOW];
    double sum = 0;
    int c = WINDOW / 2;
    for (int k = 0; k < WINDOW; k++) {
      g[k] = Math.exp(-(double) (k - c) * (k - c) / (2 * WINDOW_SIGMA * WINDOW_SIGMA));
      sum += g[k];
    }
    for (int k = 0; k < WINDOW; k++) {
      g[k] /= sum;
    }
    return g;
  }

  /**
   * Mean SSIM of {@code x} against {@code ref} (class comment).
   *
   * @param x the image
   * @param ref the reference
   * @param dataRange L, the range of the intensities (1 for [0, 1])
   * @return the mean SSIM
   */
  public static double ssim(GrayImage x, GrayImage ref, double dataRange) {
    sameSize(x, ref);
    int h = x.height();
    int w = x.width();
    if (h < WINDOW || w < WINDOW) {
      throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + ", got " + h + "x"
          + w);
    }
    double[] a = x.pixels();
    double[] b = ref.pixels();
    int n = h * w;
    double[] aa = new double[n];
    double[] bb = new double[n];
    double[] ab = new double[n];
    for (int p = 0; p < n; p++) {
      aa[p] = a[p] * a[p];
      bb[p] = b[p] * b[p];
      ab[p] = a[p] * b[p];
    }
    double[] g = gaussianTaps();
    double[] muA = filter(a, h, w, g);
    double[] muB = filter(b, h, w, g);
    double[] eAA = filter(aa, h, w, g);
    double[] eBB = filter(bb, h, w, g);
    double[] eAB = filter(ab, h, w, g);
    double c1 = (K1 * dataRange) * (K1 * dataRange);
    double c2 = (K2 * dataRange) * (K2 * dataRange);
    double sum = 0;
    for (int p = 0; p < muA.length; p++) {
      double ma = muA[p];
      double mb = muB[p];
      double va = eAA[p] - ma * ma;
      double vb = eBB[p] - mb * mb;
      double cov = eAB[p] - ma * mb;
      sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
    }
    return sum / muA.length;
  }

  /** Valid separable filtering: an (h − 10) × (w − 10) row-major result. */
  private static double[] filter(double[] img, int h, int w, double[] g) {
    int ow = w - WINDOW + 1;
    int oh = h - WINDOW + 1;
    double[] rows = new double[h * ow];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < ow; j++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += g[k] * img[i * w + j + k];
        }
        rows[i * ow + j] = s;
      }
    }
    double[] out = new double[oh * ow];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += g[k] * rows[(i + k) * ow + j];
        }
        out[i * ow + j] = s;
      }
    }
    return out;
  }

  private static void sameSize(GrayImage x, GrayImage ref) {
    if (x.height() != ref.height() || x.width() != ref.width()) {
      throw new IllegalArgumentException("images differ in size: " + x.height() + "x" + x.width() + " vs "
          + ref.height() + "x" + ref.width());
    }
  }
}
