package io.bmo.core.deconv;

/**
 * The circular blur {@code y = k ∗ x} (true convolution, kernel centred; formula in {@link BlurKernel}) and its
 * adjoint {@code kᵀ ⋆ v} (correlation), both by FFT with a precomputed {@link BlurSpectrum}:
 * {@code y = F⁻¹[K · F x]}, {@code kᵀ ⋆ v = F⁻¹[conj(K) · F v]}. Adjoint identity: ⟨k ∗ x, v⟩ = ⟨x, kᵀ ⋆ v⟩.
 *
 * <p>Not thread-safe: one instance per thread (it owns the FFT plans and a complex workspace, allocated in the
 * constructor; the methods allocate nothing). The spectrum may be shared. Results depend only on the inputs' bits.
 */
public final class CircularBlur {
  private final BlurSpectrum spectrum;
  private final Fft2 fft;
  private final double[] work;

  public CircularBlur(BlurSpectrum spectrum) {
    this.spectrum = spectrum;
    this.fft = new Fft2(spectrum.shape());
    this.work = new double[2 * spectrum.shape().pixels()];
  }

  public BlurSpectrum spectrum() {
    return spectrum;
  }

  /**
   * {@code y = k ∗ x}.
   *
   * @param x image, not modified
   * @param y result. Modified (may alias x)
   */
  public void apply(double[] x, double[] y) {
    filter(x, y, false);
  }

  /**
   * {@code out = kᵀ ⋆ v}, the adjoint of {@link #apply}.
   *
   * @param v image, not modified
   * @param out result. Modified (may alias v)
   */
  public void adjoint(double[] v, double[] out) {
    filter(v, out, true);
  }

  private void filter(double[] in, double[] out, boolean conjugate) {
    spectrum.requireImage(in, "input");
    spectrum.requireImage(out, "output");
    Fft2.loadReal(in, work);
    fft.forward(work);
    double[] kr = spectrum.re;
    double[] ki = spectrum.im;
    double sign = conjugate ? -1 : 1;
    for (int p = 0; p < kr.length; p++) {
      double a = work[2 * p];
      double b = work[2 * p + 1];
      double s = sign * ki[p];
      work[2 * p] = kr[p] * a - s * b;
      work[2 * p + 1] = kr[p] * b + s * a;
    }
    fft.inverse(work);
    for (int p = 0; p < out.length; p++) {
      out[p] = work[2 * p];
    }
  }
}
