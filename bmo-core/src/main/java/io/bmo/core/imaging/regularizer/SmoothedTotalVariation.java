package io.bmo.core.imaging.regularizer;

import io.bmo.core.param.ParamLayout;

import io.bmo.core.imaging.ImageShape;

/**
 * Smoothed total variation {@code R_θ(x) = e^{θ₀} · Σ_p √(|∇x|_p² + e^{θ₁})}, θ = (logScale, logSmoothing).
 *
 * <p>∇ is forward differences with a <b>Neumann (replicate) boundary</b>: {@code (∇x)_p = (x(i, j+1) − x(i, j),
 * x(i+1, j) − x(i, j))}, with the horizontal difference 0 in the last column and the vertical one 0 in the last row.
 * With {@code a = e^{θ₀}, μ = e^{θ₁}, g_p = (∇x)_p, ρ_p = √(|g_p|² + μ)}:
 * <ul>
 *   <li>{@code ∇ₓR = a ∇ᵀ(g/ρ)};</li>
 *   <li>{@code ∇²ₓR v = a ∇ᵀ[(w/ρ − g (g·w)/ρ³)]}, {@code w = ∇v} — and {@code ∇²ₓR(x) ⪯ (a/√μ) ∇ᵀ∇ = ∇²ₓR(0)};</li>
 *   <li>{@code (∂θ∇ₓR)ᵀq = (a Σ_p s_p, −½ μ a Σ_p (g_p·w_p)/ρ_p³)}, {@code w = ∇q, s_p = (g_p·w_p)/ρ_p}.</li>
 * </ul>
 * Not thread-safe (workspaces); no method allocates.
 */
public final class SmoothedTotalVariation implements Regularizer {
  /** Index of θ₀ = log a. */
  public static final int LOG_SCALE = 0;
  /** Index of θ₁ = log μ. */
  public static final int LOG_SMOOTHING = 1;

  /**
   * @param initialLogScale θ₀ at start
   * @param initialLogSmoothing θ₁ at start
   */
  public record Model(double initialLogScale, double initialLogSmoothing) implements RegularizerModel {
    /** Defaults: a = e^{-3} ≈ 0.05, μ = e^{-7} ≈ 1e-3. */
    public static final Model DEFAULT = new Model(-3.0, -7.0);

    public Model {
      if (!Double.isFinite(initialLogScale) || !Double.isFinite(initialLogSmoothing)) {
        throw new IllegalArgumentException("TV initial parameters must be finite, got " + initialLogScale + ", "
            + initialLogSmoothing);
      }
    }

    @Override
    public ParamLayout layout() {
      return ParamLayout.builder().add("logScale", 1).add("logSmoothing", 1).build();
    }

    @Override
    public double[] initialTheta() {
      return new double[] {initialLogScale, initialLogSmoothing};
    }

    @Override
    public void project(double[] theta) {
      // unconstrained
    }

    @Override
    public Regularizer create(ImageShape shape, int maxImages) {
      return new SmoothedTotalVariation(shape, maxImages);
    }
  }

  private final ImageShape shape;
  private final int maxImages;
  private final double[] gx;
  private final double[] gy;
  private final double[] rho;
  private final double[] wx;
  private final double[] wy;
  private double scale;
  private double smoothing;
  private int linImages;

  public SmoothedTotalVariation(ImageShape shape, int maxImages) {
    if (maxImages < 1) {
      throw new IllegalArgumentException("maxImages must be at least 1, got " + maxImages);
    }
    this.shape = shape;
    this.maxImages = maxImages;
    int len = maxImages * shape.pixels();
    gx = new double[len];
    gy = new double[len];
    rho = new double[len];
    wx = new double[len];
    wy = new double[len];
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public int maxImages() {
    return maxImages;
  }

  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public double value(double[] theta, double[] x, int images) {
    int len = check(images);
    double mu = Math.exp(theta[LOG_SMOOTHING]);
    gradientOf(x, images, wx, wy);
    double sum = 0;
    for (int p = 0; p < len; p++) {
      sum += Math.sqrt(wx[p] * wx[p] + wy[p] * wy[p] + mu);
    }
    return Math.exp(theta[LOG_SCALE]) * sum;
  }

  @Override
  public void gradient(double[] theta, double[] x, int images, double[] out) {
    int len = check(images);
    double a = Math.exp(theta[LOG_SCALE]);
    double mu = Math.exp(theta[LOG_SMOOTHING]);
    gradientOf(x, images, wx, wy);
    for (int p = 0; p < len; p++) {
      double f = a / Math.sqrt(wx[p] * wx[p] + wy[p] * wy[p] + mu);
      wx[p] *= f;
      wy[p] *= f;
    }
    divergenceAdjoint(wx, wy, images, out);
  }

  @Override
  public void linearize(double[] theta, double[] x, int images) {
    int len = check(images);
    scale = Math.exp(theta[LOG_SCALE]);
    smoothing = Math.exp(theta[LOG_SMOOTHING]);
    linImages = images;
    gradientOf(x, images, gx, gy);
    for (int p = 0; p < len; p++) {
      rho[p] = Math.sqrt(gx[p] * gx[p] + gy[p] * gy[p] + smoothing);
    }
  }

  @Override
  public void hessianVector(double[] v, double[] out) {
    int len = linImages * shape.pixels();
    gradientOf(v, linImages, wx, wy);
    for (int p = 0; p < len; p++) {
      double r = rho[p];
      double gw = gx[p] * wx[p] + gy[p] * wy[p];
      double c = gw / (r * r * r);
      wx[p] = scale * (wx[p] / r - gx[p] * c);
      wy[p] = scale * (wy[p] / r - gy[p] * c);
    }
    divergenceAdjoint(wx, wy, linImages, out);
  }

  @Override
  public void addMixedTranspose(double[] q, double[] out) {
    int len = linImages * shape.pixels();
    gradientOf(q, linImages, wx, wy);
    double s = 0;
    double t = 0;
    for (int p = 0; p < len; p++) {
      double r = rho[p];
      double gw = gx[p] * wx[p] + gy[p] * wy[p];
      s += gw / r;
      t += gw / (r * r * r);
    }
    out[LOG_SCALE] += scale * s;
    out[LOG_SMOOTHING] += -0.5 * smoothing * scale * t;
  }

  /** Forward differences with Neumann boundary. Modified: dx, dy. */
  private void gradientOf(double[] x, int images, double[] dx, double[] dy) {
    int h = shape.height();
    int w = shape.width();
    int n = shape.pixels();
    for (int b = 0; b < images; b++) {
      int base = b * n;
      for (int i = 0; i < h; i++) {
        int row = base + i * w;
        for (int j = 0; j < w - 1; j++) {
          dx[row + j] = x[row + j + 1] - x[row + j];
        }
        dx[row + w - 1] = 0.0;
        if (i < h - 1) {
          for (int j = 0; j < w; j++) {
            dy[row + j] = x[row + w + j] - x[row + j];
          }
        } else {
          for (int j = 0; j < w; j++) {
            dy[row + j] = 0.0;
          }
        }
      }
    }
  }

  /** out = ∇ᵀ(px, py), the exact transpose of {@link #gradientOf}. Modified: out (overwritten). */
  private void divergenceAdjoint(double[] px, double[] py, int images, double[] out) {
    int h = shape.height();
    int w = shape.width();
    int n = shape.pixels();
    java.util.Arrays.fill(out, 0, images * n, 0.0);
    for (int b = 0; b < images; b++) {
      int base = b * n;
      for (int i = 0; i < h; i++) {
        int row = base + i * w;
        for (int j = 0; j < w - 1; j++) {
          out[row + j + 1] += px[row + j];
          out[row + j] -= px[row + j];
        }
        if (i < h - 1) {
          for (int j = 0; j < w; j++) {
            out[row + w + j] += py[row + j];
            out[row + j] -= py[row + j];
          }
        }
      }
    }
  }

  private int check(int images) {
    if (images < 1 || images > maxImages) {
      throw new IllegalArgumentException("block of " + images + " images, workspace holds 1.." + maxImages);
    }
    return images * shape.pixels();
  }
}
