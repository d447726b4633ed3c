package io.bmo.core.deconv;

import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import java.util.List;

/**
 * Every {@link PnpDeblurTest} again with a network on the 2 × 2 sub-images: the hypergradient through the stages,
 * the flips and the projection against central differences, with the image's odd width (9) repeating its last
 * column on the 4 × 5 grid.
 */
class PnpDeblurDownsampledTest extends PnpDeblurTest {
  @Override
  ConvNetSpec network() {
    return new ConvNetSpec(3, 4, 3, List.of(1, 1, 1), Padding.CIRCULAR, true, 2);
  }
}
