package io.bmo.core.imaging.regularizer;

import io.bmo.core.imaging.ImageShape;

/**
 * A learned regularizer R_θ acting image by image on a block (layout: {@link ImageShape}), with the derivatives the
 * bilevel method needs. Built per task from a {@link RegularizerModel}; owns workspaces, so not thread-safe, and no
 * method allocates.
 *
 * <p>Contract (used by the Lipschitz estimate of the lower-level solver): R_θ is twice differentiable and its
 * Hessian is largest at the zero image in the Loewner order, {@code ∇²ₓR_θ(x) ⪯ ∇²ₓR_θ(0)} for every x. Every
 * regularizer here is also convex except the Field of Experts with Student-t experts
 * ({@link FieldOfExperts.Potential#STUDENT_T}).
 */
public interface Regularizer {
  ImageShape shape();

  /** Largest block size the workspaces hold. */
  int maxImages();

  /** Number of scalar parameters. */
  int dimension();

  /** {@code Σ_b R_θ(x_b)} over the {@code images} images of the block. Arguments not modified. */
  double value(double[] theta, double[] x, int images);

  /**
   * {@code out = ∇ₓR_θ(x)} image by image.
   *
   * @param out block, overwritten. Modified. Must not alias {@code x}.
   */
  void gradient(double[] theta, double[] x, int images, double[] out);

  /**
   * Fixes the point (θ, x) at which {@link #hessianVector} and {@link #addMixedTranspose} are evaluated; the needed
   * quantities are cached, so later changes to the caller's {@code theta} and {@code x} do not affect them.
   */
  void linearize(double[] theta, double[] x, int images);

  /**
   * {@code out = ∇²ₓR_θ(x) v} at the linearization point, image by image.
   *
   * @param v block, not modified
   * @param out block, overwritten. Modified. Must not alias {@code v}.
   */
  void hessianVector(double[] v, double[] out);

  /**
   * Mixed derivative action {@code out += Σ_b (∂θ ∇ₓR_θ(x_b))ᵀ q_b}, a vector in θ-space, at the linearization
   * point: component {@code j} is {@code ∂/∂θ_j ⟨q, ∇ₓR_θ(x)⟩} with x held fixed.
   *
   * @param q block, not modified
   * @param out length {@link #dimension()}, accumulated into. Modified.
   */
  void addMixedTranspose(double[] q, double[] out);
}
