package io.bmo.core.deconv;

import io.bmo.core.imaging.ImageShape;
import java.io.Serializable;

/**
 * The transfer function {@code K(u, v)} of the circular blur by a {@link BlurKernel} on {@code H × W} images,
 * computed once per (kernel, H, W): the kernel is wrapped onto the image grid with its centre at the origin,
 * <pre>  k̃((a − rows/2) mod H, (b − cols/2) mod W) += k[a, b],   K = F k̃</pre>
 * ({@link Fft2}'s forward transform; taps that wrap onto the same pixel, for kernels larger than the image, add up),
 * so that {@code k ∗ x = F⁻¹[K · F x]} and the adjoint (correlation) is {@code F⁻¹[conj(K) · F x]}.
 * Also holds {@code |K|²}. Immutable, so one instance may be shared by all threads.
 */
public final class BlurSpectrum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BlurKernel kernel;
  private final ImageShape shape;
  /** Real and imaginary parts and squared modulus of K, row-major by frequency {@code u·W + v}. */
  final double[] re;
  final double[] im;
  final double[] abs2;

  public BlurSpectrum(BlurKernel kernel, ImageShape shape) {
    this.kernel = kernel;
    this.shape = shape;
    int h = shape.height();
    int w = shape.width();
    int n = shape.pixels();
    double[] c = new double[2 * n];
    int rh = kernel.rows() / 2;
    int rw = kernel.cols() / 2;
    for (int a = 0; a < kernel.rows(); a++) {
      for (int b = 0; b < kernel.cols(); b++) {
        int p = Math.floorMod(a - rh, h) * w + Math.floorMod(b - rw, w);
        c[2 * p] += kernel.tap(a, b);
      }
    }
    new Fft2(shape).forward(c);
    re = new double[n];
    im = new double[n];
    abs2 = new double[n];
    for (int p = 0; p < n; p++) {
      re[p] = c[2 * p];
      im[p] = c[2 * p + 1];
      abs2[p] = re[p] * re[p] + im[p] * im[p];
    }
  }

  public BlurKernel kernel() {
    return kernel;
  }

  public ImageShape shape() {
    return shape;
  }

  /** Re K(u, v). */
  public double real(int u, int v) {
    return re[u * shape.width() + v];
  }

  /** Im K(u, v). */
  public double imag(int u, int v) {
    return im[u * shape.width() + v];
  }

  /** |K(u, v)|². */
  public double abs2(int u, int v) {
    return abs2[u * shape.width() + v];
  }

  /** Checks that {@code a} holds exactly one image of this shape; {@code name} is for the message. */
  void requireImage(double[] a, String name) {
    if (a == null || a.length != shape.pixels()) {
      throw new IllegalArgumentException(name + " must hold one " + shape + " image (" + shape.pixels()
          + " values), got " + (a == null ? "null" : a.length));
    }
  }
}
