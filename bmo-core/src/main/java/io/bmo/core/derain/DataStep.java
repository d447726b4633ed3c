package io.bmo.core.derain;

/**
 * The data step of the deraining map: the exact proximal map of {@code ½ Σ w (B + R − O)²} with step τ (formula in
 * the package comment), on blocks of {@code size} pixels (any number of images stacked), and its vector–Jacobian
 * products in (B, R, O, τ). Stateless; allocates nothing.
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
    for (int p = 0; p < size; p++) {
      double c = gain(tau, w[p]);
      double res = b[p] + r[p] - o[p];
      bOut[p] = b[p] - c * res;
      rOut[p] = r[p] - c * res;
    }
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
}
