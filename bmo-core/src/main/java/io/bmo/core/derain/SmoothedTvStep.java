package io.bmo.core.derain;

/**
 * A background prior step: one gradient step on the smoothed total variation
 * {@code J(B) = Σ_q √(dx_q² + dy_q² + ε²)}, {@code B' = B − α ∇J(B)}, with forward differences
 * {@code dx_q = B[i, j+1] − B[i, j]}, {@code dy_q = B[i+1, j] − B[i, j]}, zero at the last column / row (Neumann
 * boundary). With {@code m_q = √(dx² + dy² + ε²)} and {@code p_q = (dx, dy)_q / m_q}, {@code ∇J = Dᵀp}; the Hessian
 * is {@code Dᵀ S D} with the symmetric 2×2 blocks {@code S_q = (I − (dx, dy)(dx, dy)ᵀ / m²) / m}, so
 * {@code (∂B'/∂B)ᵀ v = v − α Dᵀ S D v} and {@code ∂B'/∂α · v = −⟨∇J, v⟩}. Images are h×w row-major, stacked.
 * Allocates nothing; ε &gt; 0 makes J twice differentiable.
 */
public final class SmoothedTvStep {
  private final int height;
  private final int width;
  private final double eps;

  public SmoothedTvStep(int height, int width, double eps) {
    if (height < 1 || width < 1 || !(eps > 0)) {
      throw new IllegalArgumentException("need positive size and eps, got " + height + "x" + width + ", " + eps);
    }
    this.height = height;
    this.width = width;
    this.eps = eps;
  }

  /**
   * {@code out = b − α ∇J(b)} for {@code images} stacked images.
   *
   * @param b input, not modified
   * @param out result. Modified. Must not alias b.
   */
  public void apply(double[] b, double alpha, double[] out, int images) {
    System.arraycopy(b, 0, out, 0, height * width * images);
    addGradient(b, -alpha, out, images);
  }

  /**
   * VJP at b: {@code gb = v − α H(b) v}; returns {@code gα = −⟨∇J(b), v⟩}.
   *
   * @param v cotangent of the output, not modified
   * @param gb result. Modified. Must not alias v or b.
   */
  public double vjp(double[] b, double alpha, double[] v, double[] gb, int images) {
    int n = height * width;
    double gAlpha = 0;
    System.arraycopy(v, 0, gb, 0, n * images);
    for (int k = 0; k < images; k++) {
      int o = k * n;
      for (int i = 0; i < height; i++) {
        for (int j = 0; j < width; j++) {
          int q = o + i * width + j;
          boolean right = j + 1 < width;
          boolean down = i + 1 < height;
          double dx = right ? b[q + 1] - b[q] : 0;
          double dy = down ? b[q + width] - b[q] : 0;
          double m = Math.sqrt(dx * dx + dy * dy + eps * eps);
          double px = dx / m;
          double py = dy / m;
          double vx = right ? v[q + 1] - v[q] : 0;
          double vy = down ? v[q + width] - v[q] : 0;
          gAlpha -= px * vx + py * vy; // ⟨Dᵀp, v⟩ = ⟨p, Dv⟩
          double m3 = m * m * m;
          double sx = ((dy * dy + eps * eps) * vx - dx * dy * vy) / m3;
          double sy = ((dx * dx + eps * eps) * vy - dx * dy * vx) / m3;
          if (right) {
            gb[q] += alpha * sx;
            gb[q + 1] -= alpha * sx;
          }
          if (down) {
            gb[q] += alpha * sy;
            gb[q + width] -= alpha * sy;
          }
        }
      }
    }
    return gAlpha;
  }

  /** {@code out += scale · ∇J(b)}. */
  private void addGradient(double[] b, double scale, double[] out, int images) {
    int n = height * width;
    for (int k = 0; k < images; k++) {
      int o = k * n;
      for (int i = 0; i < height; i++) {
        for (int j = 0; j < width; j++) {
          int q = o + i * width + j;
          boolean right = j + 1 < width;
          boolean down = i + 1 < height;
          double dx = right ? b[q + 1] - b[q] : 0;
          double dy = down ? b[q + width] - b[q] : 0;
          double m = Math.sqrt(dx * dx + dy * dy + eps * eps);
          if (right) {
            out[q] -= scale * dx / m;
            out[q + 1] += scale * dx / m;
          }
          if (down) {
            out[q] -= scale * dy / m;
            out[q + width] += scale * dy / m;
          }
        }
      }
    }
  }
}
