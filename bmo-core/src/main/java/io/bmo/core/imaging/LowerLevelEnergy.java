package io.bmo.core.imaging;

import io.bmo.core.imaging.operator.ForwardOperator;
import io.bmo.core.imaging.regularizer.Regularizer;

/**
 * The lower-level energy of a block of examples,
 * <pre>  E(x; θ) = Σ_b [ ½‖K x_b − y_b‖² + R_θ(x_b) + ½ ε_sc ‖x_b‖² ],</pre>
 * a sum of independent per-example energies, so its gradient, Hessian and mixed derivative act image by image.
 *
 * <p>{@code ∇ₓE = Kᵀ(Kx − y) + ∇ₓR_θ(x) + ε_sc x}, {@code ∇²ₓE = KᵀK + ∇²ₓR_θ(x) + ε_sc I} (SPD when E is strongly
 * convex), {@code (∂θ∇ₓE)ᵀq = (∂θ∇ₓR_θ)ᵀq} since only R depends on θ.
 *
 * <p>Holds a reference to the degraded block set by {@link #setData} (not copied). Not thread-safe (workspaces);
 * no method allocates.
 */
public final class LowerLevelEnergy {
  private final ForwardOperator forward;
  private final Regularizer regularizer;
  private final double strongConvexity;
  private final int pixels;
  private final double[] residual;
  private final double[] back;
  private double[] data;
  private int images;
  private int linImages;

  /**
   * @param strongConvexity ε_sc ≥ 0
   */
  public LowerLevelEnergy(ForwardOperator forward, Regularizer regularizer, double strongConvexity) {
    if (!forward.shape().equals(regularizer.shape())) {
      throw new IllegalArgumentException("forward operator shape " + forward.shape() + " differs from regularizer "
          + regularizer.shape());
    }
    if (!(strongConvexity >= 0) || Double.isInfinite(strongConvexity)) {
      throw new IllegalArgumentException("strongConvexity must be finite and >= 0, got " + strongConvexity);
    }
    this.forward = forward;
    this.regularizer = regularizer;
    this.strongConvexity = strongConvexity;
    this.pixels = forward.shape().pixels();
    residual = new double[regularizer.maxImages() * pixels];
    back = new double[regularizer.maxImages() * pixels];
  }

  public ImageShape shape() {
    return forward.shape();
  }

  public int maxImages() {
    return regularizer.maxImages();
  }

  public Regularizer regularizer() {
    return regularizer;
  }

  /** Sets the degraded block y (kept by reference, not modified) and the block size used by value/gradient. */
  public void setData(double[] degraded, int images) {
    if (images < 1 || images > maxImages()) {
      throw new IllegalArgumentException("block of " + images + " images, workspace holds 1.." + maxImages());
    }
    if (degraded.length < images * pixels) {
      throw new IllegalArgumentException("degraded block has " + degraded.length + " values, need " + images * pixels);
    }
    this.data = degraded;
    this.images = images;
  }

  public int images() {
    return images;
  }

  /** E(x; θ) summed over the block. */
  public double value(double[] theta, double[] x) {
    int len = images * pixels;
    forward.apply(x, residual, images);
    double fit = 0;
    double sq = 0;
    for (int p = 0; p < len; p++) {
      double d = residual[p] - data[p];
      fit += d * d;
      sq += x[p] * x[p];
    }
    return 0.5 * fit + regularizer.value(theta, x, images) + 0.5 * strongConvexity * sq;
  }

  /** {@code out = ∇ₓE(x; θ)}. Modified: out (overwritten). */
  public void gradient(double[] theta, double[] x, double[] out) {
    int len = images * pixels;
    forward.apply(x, residual, images);
    for (int p = 0; p < len; p++) {
      residual[p] -= data[p];
    }
    forward.adjoint(residual, back, images);
    regularizer.gradient(theta, x, images, out);
    for (int p = 0; p < len; p++) {
      out[p] += back[p] + strongConvexity * x[p];
    }
  }

  /** Fixes the point for {@link #hessianVector} and {@link #addMixedTranspose}; {@code images} may differ from the data's. */
  public void linearize(double[] theta, double[] x, int images) {
    regularizer.linearize(theta, x, images);
    linImages = images;
  }

  /** {@code out = ∇²ₓE v} at the linearization point. Modified: out (overwritten). */
  public void hessianVector(double[] v, double[] out) {
    int len = linImages * pixels;
    forward.apply(v, residual, linImages);
    forward.adjoint(residual, back, linImages);
    regularizer.hessianVector(v, out);
    for (int p = 0; p < len; p++) {
      out[p] += back[p] + strongConvexity * v[p];
    }
  }

  /** {@code out += (∂θ∇ₓE)ᵀ q} summed over the block, at the linearization point. Modified: out. */
  public void addMixedTranspose(double[] q, double[] out) {
    regularizer.addMixedTranspose(q, out);
  }
}
