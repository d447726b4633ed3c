package io.bmo.core.imaging.operator;

import io.bmo.core.imaging.ImageShape;

/**
 * A linear forward (degradation) operator K acting image by image on a block (layout: {@link ImageShape}).
 *
 * <p>Invariant checked by the tests: {@code ⟨K x, y⟩ = ⟨x, Kᵀ y⟩} to rounding. Instances may own workspaces and are
 * then not thread-safe; create one per task from its {@link ForwardModel}.
 */
public interface ForwardOperator {
  ImageShape shape();

  /**
   * {@code out = K x} for each of {@code images} images.
   *
   * @param x input block, not modified
   * @param out output block, overwritten. Modified. Must not alias {@code x}.
   */
  void apply(double[] x, double[] out, int images);

  /**
   * {@code out = Kᵀ y} for each of {@code images} images.
   *
   * @param y input block, not modified
   * @param out output block, overwritten. Modified. Must not alias {@code y}.
   */
  void adjoint(double[] y, double[] out, int images);
}
