package io.bmo.datasets.image;

import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.rain.ImageQuality;
import java.io.IOException;
import java.nio.file.Path;

/**
 * 8-bit gray images, as restoration protocols (deblurring, deraining) use them: ground truths are 8-bit gray, and
 * results are judged after rounding to 8 bit.
 *
 * <p><b>Reading.</b> {@link ImageFiles#read} decodes the file (RGB → BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B},
 * gray as is; one-line errors naming the file); the luma is then rounded half up to one of the 256 levels. The
 * rounding is exact: the luma in thousandths of a level, {@code 299 R + 587 G + 114 B}, is an integer that
 * {@code round(255000 · v)} recovers from ImageFiles' value v (its error is below 10⁻⁹ of a level), so ties such as
 * {@code 299 R + 587 G + 114 B = 1000 n + 500} go up whatever the floating-point rounding. (OpenCV's 14-bit
 * fixed-point weights can differ by one level on rare pixels.)
 *
 * <p><b>Judging.</b> {@link #psnr8} clamps an estimate to [0, 1], rounds it to 8 bit ({@link #quantize8}) and
 * computes PSNR (data range 1) against the truth, over the whole image.
 */
public final class Gray8 {
  private Gray8() {}

  /**
   * Reads an image file as 8-bit gray in [0, 1] (values k/255).
   *
   * @param file a PNG or JPEG file
   * @return the image
   * @throws IOException when the file cannot be read or decoded
   */
  public static GrayImage readGray8(Path file) throws IOException {
    return gray8(ImageFiles.read(file));
  }

  /**
   * {@code g} (as read, e.g. BT.601 of RGB) rounded to 8 bit the way {@link #readGray8} does: values k/255, ties at
   * the thousandth rounded up. Modifies and returns {@code g}.
   *
   * @param g the image (modified)
   * @return {@code g}
   */
  public static GrayImage gray8(GrayImage g) {
    double[] px = g.pixels();
    for (int p = 0; p < px.length; p++) {
      long thousandths = Math.round(px[p] * 255_000.0);
      long level = Math.max(0, Math.min(255, (thousandths + 500) / 1000));
      px[p] = level / 255.0;
    }
    return g;
  }

  /**
   * A copy of {@code x} clamped to [0, 1] and rounded to the nearest of 256 levels (NaN → 0).
   *
   * @param x the image (not modified)
   * @return the 8-bit image, values k/255
   */
  public static GrayImage quantize8(GrayImage x) {
    double[] in = x.pixels();
    double[] out = new double[in.length];
    for (int p = 0; p < in.length; p++) {
      double v = Double.isNaN(in[p]) ? 0 : Math.min(1, Math.max(0, in[p]));
      out[p] = Math.round(v * 255) / 255.0;
    }
    return new GrayImage(x.height(), x.width(), out);
  }

  /**
   * PSNR in dB of the 8-bit rounded estimate against the truth, data range 1.
   *
   * @param estimate the restored image (rounded by {@link #quantize8} first)
   * @param truth the clean image
   * @return the PSNR in dB
   */
  public static double psnr8(GrayImage estimate, GrayImage truth) {
    return ImageQuality.psnr(quantize8(estimate), truth, 1.0);
  }
}
