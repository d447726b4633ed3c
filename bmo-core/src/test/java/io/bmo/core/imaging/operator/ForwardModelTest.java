package io.bmo.core.imaging.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardModelTest {
  /** Two summation orders of ~400 products of O(1) numbers: rounding is ~1e-15 relative. */
  private static final double ADJOINT_TOL = 1e-12;
  /** Normalisation of 25 taps. */
  private static final double SUM_TOL = 1e-14;

  private static final ImageShape SHAPE = new ImageShape(10, 12);

  @Test
  void everyOperatorHasAnExactAdjoint() {
    List<ForwardModel> models = List.of(new ForwardModel.Identity(), new ForwardModel.GaussianBlur(5, 1.0),
        ForwardModel.Kernel.horizontalMotion(7), new ForwardModel.Kernel(3, 5, TestImages.random(15, 9)));
    int images = 3;
    for (ForwardModel m : models) {
      ForwardOperator k = m.create(SHAPE, images);
      double[] x = TestImages.random(images * SHAPE.pixels(), 10);
      double[] y = TestImages.random(images * SHAPE.pixels(), 11);
      double[] kx = new double[x.length];
      double[] kty = new double[y.length];
      k.apply(x, kx, images);
      k.adjoint(y, kty, images);
      double lhs = TestImages.dot(kx, y);
      double rhs = TestImages.dot(x, kty);
      assertEquals(0.0, Math.abs(lhs - rhs) / Math.abs(lhs), ADJOINT_TOL, m.toString());
    }
  }

  @Test
  void gaussianKernelIsNormalisedSymmetricAndPreservesConstants() {
    double[] k = new ForwardModel.GaussianBlur(5, 1.0).kernel();
    double sum = 0;
    for (double t : k) {
      sum += t;
    }
    assertEquals(1.0, sum, SUM_TOL);
    assertEquals(k[0], k[24], 0.0);
    assertEquals(k[1], k[5], 0.0);
    ForwardOperator op = new ForwardModel.GaussianBlur(5, 1.0).create(SHAPE, 1);
    double[] ones = new double[SHAPE.pixels()];
    java.util.Arrays.fill(ones, 0.7);
    double[] out = new double[ones.length];
    op.apply(ones, out, 1);
    assertArrayEquals(ones, out, SUM_TOL);
  }

  @Test
  void validationNamesTheProblem() {
    assertThrows(IllegalArgumentException.class, () -> new ForwardModel.GaussianBlur(4, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new ForwardModel.GaussianBlur(5, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new ForwardModel.Kernel(3, 3, new double[8]));
    assertEquals(new ForwardModel.Kernel(1, 3, new double[] {1, 2, 3}),
        new ForwardModel.Kernel(1, 3, new double[] {1, 2, 3}));
  }
}
