package io.bmo.core.derain;

/**
 * The data step of the deraining map: the exact proximal map of {@code ½ Σ w (B + R − O)²} with step τ (formula in
 * the package comment), on blocks of {@code size} pixels (any number of images stacked), and its vector–Jacobian
 * products in (B, R, O, τ). Stateless; allocates nothing.
 *
 * <p>The split form ({@link #applySplit}) is the same proximal map in the metric ½‖ΔB‖²/(2β) + ½‖ΔR‖²/(2(1 − β)),
 * β ∈ [0, 1]: the residual shrinks by the same factor 1/(1 + 2τw), and a fraction β of the correction goes to B
 * (β = ½ is {@link #apply}, bit for bit). β → 1 with large τ gives B → O − R: the background keeps everything the
 * streak layer does not claim.
 */
public final class DataStep {
  private DataStep() {}

  /** {@code c = τ w / (1 + 2 τ w)}. */
  static double gain(double tau, double w) {
    return tau * w / (1 + 2 * tau * w);
  }

  /**
   * {@code (bOut, rOut) = prox_{τf}(b, r)}.
   *
   * @param b background B₀, not modified
   * @param r streaks R₀, not modified
   * @param o rainy observation O, not modified
   * @param w per-pixel weights ≥ 0, not modified
   * @param tau step τ &gt; 0
   * @param bOut result B. Modified (may alias b)
   * @param rOut result R. Modified (may alias r)
   */
  public static void apply(double[] b, double[] r, double[] o, double[] w, double tau, double[] bOut, double[] rOut,
      int size) {
    applySplit(b, r, o, w, tau, 0.5, bOut, rOut, size); // 2·½ = 1 exactly: the even step's own bits
  }

  /**
   * VJPs at the point (b, r): with cotangents (gb', gr') of the outputs and {@code s = gb' + gr'},
   * {@code gB = gb' − c s}, {@code gR = gr' − c s}, {@code gO += c s} and
   * {@code gτ = −Σ (∂c/∂τ) r₀ s} with {@code ∂c/∂τ = w / (1 + 2τw)²}.
   *
   * @param gbOut cotangent of the output B, not modified
   * @param grOut cotangent of the output R, not modified
   * @param gb result (∂/∂B)ᵀ. Modified (may alias gbOut)
   * @param gr result (∂/∂R)ᵀ. Modified (may alias grOut)
   * @param go accumulator for (∂/∂O)ᵀ, or null. Added into
   * @return gτ, the cotangent of the step τ
   */
  public static double vjp(double[] b, double[] r, double[] o, double[] w, double tau, double[] gbOut,
      double[] grOut, double[] gb, double[] gr, double[] go, int size) {
    double gTau = 0;
    for (int p = 0; p < size; p++) {
      double c = gain(tau, w[p]);
      double s = gbOut[p] + grOut[p];
      double den = 1 + 2 * tau * w[p];
      gTau -= w[p] / (den * den) * (b[p] + r[p] - o[p]) * s;
      gb[p] = gbOut[p] - c * s;
      gr[p] = grOut[p] - c * s;
      if (go != null) {
        go[p] += c * s;
      }
    }
    return gTau;
  }

  /**
   * {@code bOut = b − 2β c (b + r − o)}, {@code rOut = r − 2(1 − β) c (b + r − o)} with {@code c = τw/(1 + 2τw)}:
   * the proximal map in the split metric (class comment); β = ½ gives {@link #apply}'s bits.
   *
   * @param beta the background's share β in [0, 1]
   */
  public static void applySplit(double[] b, double[] r, double[] o, double[] w, double tau, double beta,
      double[] bOut, double[] rOut, int size) {
    double sb = 2 * beta;
    double sr = 2 * (1 - beta);
    for (int p = 0; p < size; p++) {
      double c = gain(tau, w[p]);
      double res = b[p] + r[p] - o[p];
      bOut[p] = b[p] - sb * c * res;
      rOut[p] = r[p] - sr * c * res;
    }
  }

  /**
   * VJPs of {@link #applySplit} at (b, r): with {@code q = c (2β gb' + 2(1 − β) gr')}, {@code gB = gb' − q},
   * {@code gR = gr' − q}, {@code gO += q}; {@code gτ = −Σ (∂c/∂τ) r₀ (2β gb' + 2(1 − β) gr')} and
   * {@code gβ = −Σ 2 c r₀ (gb' − gr')} with r₀ = b + r − o.
   *
   * @param grads result: {@code grads[0] = gτ}, {@code grads[1] = gβ}. Modified
   */
  public static void vjpSplit(double[] b, double[] r, double[] o, double[] w, double tau, double beta,
      double[] gbOut, double[] grOut, double[] gb, double[] gr, double[] go, double[] grads, int size) {
    double sb = 2 * beta;
    double sr = 2 * (1 - beta);
    double gTau = 0;
    double gBeta = 0;
    for (int p = 0; p < size; p++) {
      double c = gain(tau, w[p]);
      double res = b[p] + r[p] - o[p];
      double s = sb * gbOut[p] + sr * grOut[p];
      double den = 1 + 2 * tau * w[p];
      gTau -= w[p] / (den * den) * res * s;
      gBeta -= 2 * c * res * (gbOut[p] - grOut[p]);
      double q = c * s;
      gb[p] = gbOut[p] - q;
      gr[p] = grOut[p] - q;
      if (go != null) {
        go[p] += q;
      }
    }
    grads[0] = gTau;
    grads[1] = gBeta;
  }
}
