package io.bmo.core.imaging;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import java.io.Serializable;

/**
 * Immutable, serializable configuration of a learned-regularizer imaging problem (what the driver broadcasts; each
 * task builds its own {@link ImagingProblem} with workspaces from it).
 *
 * @param forward the degradation K
 * @param regularizer the regularizer family R_θ
 * @param strongConvexity ε_sc ≥ 0 in {@code ½ ε_sc ‖x‖²}
 * @param lower lower-level solver settings
 * @param maxCgIterations cap on CG iterations of the hypergradient solve, at least 1
 */
public record ImagingConfig(ForwardModel forward, RegularizerModel regularizer, double strongConvexity,
    AcceleratedGradient.Config lower, int maxCgIterations) implements Serializable {
  /** Default ε_sc: tiny, only a safety net where K and R leave directions flat. */
  public static final double DEFAULT_STRONG_CONVEXITY = 1e-6;
  public static final int DEFAULT_MAX_CG_ITERATIONS = 2000;

  public ImagingConfig {
    if (forward == null || regularizer == null || lower == null) {
      throw new IllegalArgumentException("forward, regularizer and lower must be given");
    }
    if (!(strongConvexity >= 0) || Double.isInfinite(strongConvexity)) {
      throw new IllegalArgumentException("strongConvexity must be finite and >= 0, got " + strongConvexity);
    }
    if (maxCgIterations < 1) {
      throw new IllegalArgumentException("maxCgIterations must be at least 1, got " + maxCgIterations);
    }
  }

  /** Defaults for everything but the forward model and regularizer. */
  public static ImagingConfig of(ForwardModel forward, RegularizerModel regularizer) {
    return new ImagingConfig(forward, regularizer, DEFAULT_STRONG_CONVEXITY, AcceleratedGradient.Config.DEFAULT,
        DEFAULT_MAX_CG_ITERATIONS);
  }
}
