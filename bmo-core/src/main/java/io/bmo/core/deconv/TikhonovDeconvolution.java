package io.bmo.core.deconv;

/**
 * Classical non-blind deconvolution by FFT (the baseline learned methods must beat):
 * <pre>
 *   x = argmin_x ½‖k ∗ x − y‖² + (λ/2)‖Γx‖² = F⁻¹[conj(K)·Y / (|K|² + λ·P)]
 * </pre>
 * with {@link Prior#IDENTITY} (Γ = I, P = 1: the Wiener filter with a constant noise-to-signal ratio λ) or
 * {@link Prior#GRADIENT} (Γ = periodic forward differences along rows and columns,
 * {@code P(u, v) = 4 sin²(πu/H) + 4 sin²(πv/W)}). The identity prior is {@link DeblurDataStep} at z = 0, ρ = λ.
 *
 * <p>{@link #setObservation} transforms y once, so that {@link #solve} for many λ (e.g. tuning) costs one inverse FFT
 * each. Not thread-safe: one instance per thread (FFT plans and two complex workspaces, allocated in the constructor;
 * the methods allocate nothing). Results depend only on the inputs' bits.
 */
public final class TikhonovDeconvolution {
  /** The regulariser Γ. */
  public enum Prior {
    /** Γ = I. */
    IDENTITY,
    /** Γ = (D_rows, D_cols), periodic forward differences. */
    GRADIENT
  }

  private final BlurSpectrum spectrum;
  private final Prior prior;
  private final double[] weight;
  private final Fft2 fft;
  private final double[] numerator;
  private final double[] work;
  private boolean observed;

  public TikhonovDeconvolution(BlurSpectrum spectrum, Prior prior) {
    this.spectrum = spectrum;
    this.prior = prior;
    int h = spectrum.shape().height();
    int w = spectrum.shape().width();
    this.weight = new double[h * w];
    for (int u = 0; u < h; u++) {
      double su = StrictMath.sin(Math.PI * u / h);
      for (int v = 0; v < w; v++) {
        double sv = StrictMath.sin(Math.PI * v / w);
        weight[u * w + v] = prior == Prior.IDENTITY ? 1 : 4 * su * su + 4 * sv * sv;
      }
    }
    if (prior == Prior.GRADIENT && spectrum.abs2[0] == 0) {
      throw new IllegalArgumentException("the gradient prior needs a kernel with non-zero sum (K(0, 0) = 0 here)");
    }
    this.fft = new Fft2(spectrum.shape());
    this.numerator = new double[2 * h * w];
    this.work = new double[2 * h * w];
  }

  public Prior prior() {
    return prior;
  }

  /** {@link #setObservation} then {@link #solve}. */
  public void apply(double[] y, double lambda, double[] x) {
    setObservation(y);
    solve(lambda, x);
  }

  /** Stores {@code conj(K)·F y} for later {@link #solve} calls; y is not modified. */
  public void setObservation(double[] y) {
    spectrum.requireImage(y, "y");
    Fft2.loadReal(y, numerator);
    fft.forward(numerator);
    double[] kr = spectrum.re;
    double[] ki = spectrum.im;
    for (int p = 0; p < kr.length; p++) {
      double a = numerator[2 * p];
      double b = numerator[2 * p + 1];
      numerator[2 * p] = kr[p] * a + ki[p] * b;
      numerator[2 * p + 1] = kr[p] * b - ki[p] * a;
    }
    observed = true;
  }

  /**
   * The deconvolution of the last observation with weight λ.
   *
   * @param lambda λ &gt; 0, finite
   * @param x result. Modified
   */
  public void solve(double lambda, double[] x) {
    DeblurDataStep.requirePositive(lambda, "lambda");
    if (!observed) {
      throw new IllegalStateException("setObservation must be called before solve");
    }
    spectrum.requireImage(x, "x");
    double[] k2 = spectrum.abs2;
    for (int p = 0; p < k2.length; p++) {
      double den = k2[p] + lambda * weight[p];
      work[2 * p] = numerator[2 * p] / den;
      work[2 * p + 1] = numerator[2 * p + 1] / den;
    }
    fft.inverse(work);
    for (int p = 0; p < x.length; p++) {
      x[p] = work[2 * p];
    }
  }
}
