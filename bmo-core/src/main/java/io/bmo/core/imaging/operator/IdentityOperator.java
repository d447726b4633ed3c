package io.bmo.core.imaging.operator;

import io.bmo.core.imaging.ImageShape;

/** K = I (denoising). Stateless. */
public record IdentityOperator(ImageShape shape) implements ForwardOperator {
  @Override
  public void apply(double[] x, double[] out, int images) {
    System.arraycopy(x, 0, out, 0, images * shape.pixels());
  }

  @Override
  public void adjoint(double[] y, double[] out, int images) {
    System.arraycopy(y, 0, out, 0, images * shape.pixels());
  }
}
