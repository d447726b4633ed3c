package io.bmo.core.imaging.operator;

import io.bmo.core.imaging.ImageShape;

/**
 * K x = k ⋆ x: correlation of every image with one fixed kernel, <b>periodic boundary</b> (the image is treated as a
 * torus, see {@link PatchConvolution} for the exact formula). For symmetric kernels (Gaussian) correlation and
 * convolution coincide; a motion-blur kernel is applied as given, without flipping. The adjoint is the exact
 * transpose (correlation with the flipped kernel, same wrap-around).
 *
 * <p>Runs as im2col + DGEMM over the block. Not thread-safe (owns a patch workspace).
 */
public final class ConvolutionOperator implements ForwardOperator {
  private final PatchConvolution conv;
  private final double[] kernel;

  /**
   * @param kernel {@code kh × kw} taps, row-major, copied
   * @param maxImages largest block size
   */
  public ConvolutionOperator(ImageShape shape, double[] kernel, int kh, int kw, int maxImages) {
    if (kernel.length != kh * kw) {
      throw new IllegalArgumentException("kernel has " + kernel.length + " taps, expected " + kh + "x" + kw);
    }
    this.conv = new PatchConvolution(shape, kh, kw, maxImages);
    this.kernel = kernel.clone();
  }

  @Override
  public ImageShape shape() {
    return conv.shape();
  }

  /** Copy of the kernel taps, row-major. */
  public double[] kernel() {
    return kernel.clone();
  }

  @Override
  public void apply(double[] x, double[] out, int images) {
    conv.correlate(kernel, 1, x, images, out);
  }

  @Override
  public void adjoint(double[] y, double[] out, int images) {
    conv.correlateAdjoint(kernel, 1, y, images, out);
  }
}
