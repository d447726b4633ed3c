package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.imaging.operator.ForwardModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegradationTest {
  /** Sample std of 64·64 = 4096 Gaussians is within ±5·σ/√(2·4096) ≈ ±5.5 % of σ. */
  private static final double STD_REL_TOL = 0.055;

  @Test
  void noiseDependsOnlyOnSeedAndIndexAndHasTheRightScale() {
    SyntheticImages gen = new SyntheticImages(2, 64, 64);
    Degradation d = new Degradation(new ForwardModel.Identity(), 0.1, 99);
    GrayImage x = gen.image(3);
    GrayImage y = d.apply(x, 3);
    assertArrayEquals(y.pixels(), d.apply(x, 3).pixels(), 0.0);
    double ss = 0;
    for (int k = 0; k < x.pixels().length; k++) {
      double e = y.pixels()[k] - x.pixels()[k];
      ss += e * e;
    }
    assertEquals(0.1, Math.sqrt(ss / x.pixels().length), 0.1 * STD_REL_TOL);
  }

  @Test
  void blockEqualsPerImageAndBlurUsesTheCoreOperator() {
    SyntheticImages gen = new SyntheticImages(2, 12, 10);
    GrayImage a = gen.image(0);
    GrayImage b = gen.image(1);
    Degradation d = new Degradation(new ForwardModel.GaussianBlur(5, 1.0), 0.05, 4);
    double[] block = d.applyBlock(GrayImage.stack(List.of(a, b)), a.shape(), new long[] {10, 11});
    assertArrayEquals(d.apply(a, 10).pixels(), GrayImage.fromBlock(block, a.shape(), 0).pixels(), 1e-15);
    assertArrayEquals(d.apply(b, 11).pixels(), GrayImage.fromBlock(block, a.shape(), 1).pixels(), 1e-15);
    double[] blurred = new double[a.pixels().length];
    new ForwardModel.GaussianBlur(5, 1.0).create(a.shape(), 1).apply(a.pixels(), blurred, 1);
    assertArrayEquals(blurred, new Degradation(new ForwardModel.GaussianBlur(5, 1.0), 0.0, 4).apply(a, 0).pixels(),
        0.0);
    assertThrows(IllegalArgumentException.class, () -> new Degradation(new ForwardModel.Identity(), -1, 0));
  }
}
