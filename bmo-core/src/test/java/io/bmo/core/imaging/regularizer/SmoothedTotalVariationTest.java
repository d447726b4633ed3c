package io.bmo.core.imaging.regularizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.imaging.ImageShape;
import org.junit.jupiter.api.Test;

class SmoothedTotalVariationTest extends RegularizerContractTest {
  @Override
  RegularizerModel model() {
    return SmoothedTotalVariation.Model.DEFAULT;
  }

  @Override
  double[] theta() {
    return new double[] {Math.log(0.1), Math.log(0.05)};
  }

  @Test
  void valueOfConstantImageIsScaleTimesPixelsTimesSqrtSmoothing() {
    ImageShape s = new ImageShape(3, 4);
    Regularizer r = model().create(s, 1);
    double[] x = new double[12];
    java.util.Arrays.fill(x, 0.3);
    assertEquals(0.1 * 12 * Math.sqrt(0.05), r.value(theta(), x, 1), 1e-15);
  }

  @Test
  void namesParameters() {
    assertEquals("logSmoothing[0]", model().layout().coordinate(1));
  }
}
