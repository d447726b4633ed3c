package io.bmo.core.imaging;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.FieldOfExperts;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import io.bmo.core.imaging.regularizer.SmoothedTotalVariation;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The four small (K, R) combinations the solver and hypergradient tests run on. */
final class Fixtures {
  private Fixtures() {}

  static final ImageShape SHAPE = new ImageShape(10, 10);

  static final ForwardModel DENOISE = new ForwardModel.Identity();
  static final ForwardModel DEBLUR = new ForwardModel.GaussianBlur(5, 1.0);

  static final RegularizerModel TV = new SmoothedTotalVariation.Model(Math.log(0.1), Math.log(0.05));
  static final FieldOfExperts.Model FOE =
      new FieldOfExperts.Model(3, 3, FieldOfExperts.FilterInit.SEEDED_RANDOM, 7L, Math.log(0.1), Math.log(0.05), 1.0);

  /** θ away from the initial point so that no derivative is accidentally symmetric. */
  static double[] theta(RegularizerModel m) {
    double[] t = m.initialTheta();
    if (m instanceof FieldOfExperts.Model) {
      t[FieldOfExperts.WEIGHTS] = 0.8;
      t[FieldOfExperts.WEIGHTS + 1] = 1.3;
      t[FieldOfExperts.WEIGHTS + 2] = -0.6;
    }
    return t;
  }

  /** ε_sc: small but large enough to keep the deblurring Hessian well conditioned on 10×10 images. */
  static double strongConvexity(ForwardModel k) {
    return k instanceof ForwardModel.Identity ? 0.0 : 1e-2;
  }

  static Stream<Arguments> combinations() {
    return Stream.of(Arguments.of("TV denoise", DENOISE, TV), Arguments.of("TV deblur", DEBLUR, TV),
        Arguments.of("FoE denoise", DENOISE, FOE), Arguments.of("FoE deblur", DEBLUR, FOE));
  }

  /** clean block, and degraded = K clean + noise. */
  static double[][] data(ForwardModel k, int images, long seed) {
    double[] clean = TestImages.cartoon(SHAPE, images, seed);
    double[] blurred = new double[clean.length];
    k.create(SHAPE, images).apply(clean, blurred, images);
    return new double[][] {clean, TestImages.noisy(blurred, 0.05, seed + 1)};
  }
}
