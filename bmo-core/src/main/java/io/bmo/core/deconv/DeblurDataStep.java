package io.bmo.core.deconv;

/**
 * The exact data step of half-quadratic splitting for circular deblurring,
 * <pre>
 *   x = argmin_x ½‖k ∗ x − y‖² + (ρ/2)‖x − z‖² = (KᵀK + ρI)⁻¹(Kᵀy + ρz)
 *     = F⁻¹[(conj(K)·Y + ρ·Z) / (|K|² + ρ)],
 * </pre>
 * and its exact vector–Jacobian products. With {@code D = |K|² + ρ} and a cotangent g of x (G = F g):
 * <pre>
 *   gy = Kᵀ(KᵀK + ρI)⁻¹ g = F⁻¹[K·G / D]
 *   gz = ρ (KᵀK + ρI)⁻¹ g = ρ·h,        h = F⁻¹[G / D]
 *   gρ = ⟨g, ∂x/∂ρ⟩ = ⟨h, z − x⟩,        since ∂x/∂ρ = (KᵀK + ρI)⁻¹(z − x)
 * </pre>
 * (x is linear in y and z; (KᵀK + ρI)⁻¹ is symmetric).
 *
 * <p>Cost: two FFTs per call. {@link #apply} transforms {@code y + i·z} once and separates the two spectra by
 * Hermitian symmetry ({@code Y = (C + conj C̄)/2}, {@code Z = (C − conj C̄)/(2i)} with {@code C̄(u, v) = C(−u, −v)});
 * {@link #vjp} inverse-transforms {@code G/D + i·K G/D}, whose real and imaginary parts are h and gy.
 *
 * <p>Not thread-safe: one instance per thread (FFT plans and two complex workspaces, allocated in the constructor;
 * the methods allocate nothing). The {@link BlurSpectrum} may be shared. Results depend only on the inputs' bits.
 */
public final class DeblurDataStep {
  private final BlurSpectrum spectrum;
  private final Fft2 fft;
  private final double[] c;
  private final double[] d;

  public DeblurDataStep(BlurSpectrum spectrum) {
    this.spectrum = spectrum;
    this.fft = new Fft2(spectrum.shape());
    this.c = new double[2 * spectrum.shape().pixels()];
    this.d = new double[2 * spectrum.shape().pixels()];
  }

  public BlurSpectrum spectrum() {
    return spectrum;
  }

  /**
   * {@code x = (KᵀK + ρI)⁻¹(Kᵀy + ρz)}.
   *
   * @param y blurred observation, not modified
   * @param z splitting variable (e.g. the denoiser's output), not modified
   * @param rho ρ &gt; 0, finite
   * @param x result. Modified (may alias y or z)
   */
  public void apply(double[] y, double[] z, double rho, double[] x) {
    requirePositive(rho, "rho");
    spectrum.requireImage(y, "y");
    spectrum.requireImage(z, "z");
    spectrum.requireImage(x, "x");
    Fft2.loadPair(y, z, c);
    fft.forward(c);
    int h = spectrum.shape().height();
    int w = spectrum.shape().width();
    double[] kr = spectrum.re;
    double[] ki = spectrum.im;
    double[] k2 = spectrum.abs2;
    for (int u = 0; u < h; u++) {
      int mu = Fft2.mirror(u, h) * w;
      for (int v = 0; v < w; v++) {
        int p = u * w + v;
        int q = mu + Fft2.mirror(v, w);
        double cr = c[2 * p];
        double ci = c[2 * p + 1];
        double qr = c[2 * q];
        double qi = c[2 * q + 1];
        double yr = 0.5 * (cr + qr);
        double yi = 0.5 * (ci - qi);
        double zr = 0.5 * (ci + qi);
        double zi = 0.5 * (qr - cr);
        double den = k2[p] + rho;
        d[2 * p] = (kr[p] * yr + ki[p] * yi + rho * zr) / den;
        d[2 * p + 1] = (kr[p] * yi - ki[p] * yr + rho * zi) / den;
      }
    }
    fft.inverse(d);
    for (int p = 0; p < x.length; p++) {
      x[p] = d[2 * p];
    }
  }

  /**
   * Vector–Jacobian products of {@link #apply} at (y, z, ρ) (formulas in the class comment). Only z, x and ρ are
   * needed: the Jacobians do not depend on y.
   *
   * @param z the z of the forward call, not modified
   * @param x the forward result at (y, z, ρ), not modified
   * @param rho ρ &gt; 0 of the forward call
   * @param gx cotangent of x, not modified
   * @param gy result (∂x/∂y)ᵀ gx, or null to skip. Overwritten (may alias gx)
   * @param gz result (∂x/∂z)ᵀ gx, or null to skip. Overwritten (may alias gx)
   * @return gρ = ⟨gx, ∂x/∂ρ⟩
   */
  public double vjp(double[] z, double[] x, double rho, double[] gx, double[] gy, double[] gz) {
    requirePositive(rho, "rho");
    spectrum.requireImage(z, "z");
    spectrum.requireImage(x, "x");
    spectrum.requireImage(gx, "gx");
    Fft2.loadReal(gx, c);
    fft.forward(c);
    double[] kr = spectrum.re;
    double[] ki = spectrum.im;
    double[] k2 = spectrum.abs2;
    for (int p = 0; p < kr.length; p++) {
      double den = k2[p] + rho;
      double ur = c[2 * p] / den;
      double ui = c[2 * p + 1] / den;
      double vr = kr[p] * ur - ki[p] * ui;
      double vi = kr[p] * ui + ki[p] * ur;
      c[2 * p] = ur - vi;
      c[2 * p + 1] = ui + vr;
    }
    fft.inverse(c);
    double gRho = 0;
    for (int p = 0; p < kr.length; p++) {
      double hp = c[2 * p];
      gRho += hp * (z[p] - x[p]);
      if (gy != null) {
        gy[p] = c[2 * p + 1];
      }
      if (gz != null) {
        gz[p] = rho * hp;
      }
    }
    return gRho;
  }

  static void requirePositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
  }
}
