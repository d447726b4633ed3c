package io.bmo.core.family;

import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** What a family contributes to one run, built by {@link ProblemFamily#create} from a validated section. */
public interface FamilyRun {
  /** The sharded problem; serializable (Spark broadcasts it). */
  ShardedProblem problem();

  ShardPlan trainPlan();

  /** Null when there is no test set. */
  ShardPlan testPlan();

  /** ω₀, a fresh array the caller may modify. */
  double[] initialOmega();

  /** Applied to ω after each optimizer step and to ω₀ (null = none). */
  default ParamConstraint projection() {
    return null;
  }

  /** Metric shown on the progress line (a key of the problem's metrics). */
  String progressMetric();

  /** Extra manifest fields (JSON values: numbers, strings, arrays, maps). */
  default Map<String, Object> manifestFields() {
    return Map.of();
  }

  /**
   * Extra fields of the final JSON line.
   *
   * @param omega the final ω (not modified)
   * @param lastMetric last finite value of a per-step metric by name, NaN when none
   */
  Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> lastMetric);

  /**
   * What {@code evaluate} reports for a trained ω (fields of its JSON line); the default evaluates nothing.
   *
   * @param omega the trained ω (not modified)
   */
  default Map<String, Object> evaluate(double[] omega) {
    return Map.of();
  }

  /**
   * {@code evaluate --images}: degrades {@code request}'s clean image as the forward model does and restores it with
   * ω (whole images, any size). The default restores nothing.
   *
   * @throws IllegalArgumentException naming the option when the request lacks what the family needs
   */
  default ImageRestoration.Result restore(double[] omega, ImageRestoration.Request request) {
    throw new UnsupportedOperationException("this family does not restore images");
  }

  /** Whether {@link #restore} is supported. */
  default boolean restoresImages() {
    return false;
  }

  /**
   * {@code evaluate --pairs}: restores an observed image (the degraded member of a degraded/clean pair read from
   * files) with ω; the engine reads the pairs and computes the quality figures. The default restores nothing.
   *
   * @param omega the trained ω (not modified)
   * @param observed the observation (not modified)
   * @param trace whether to return the intermediate images as well
   */
  default ImageRestoration.Restored restoreObserved(double[] omega, FamilyConfig.Image observed, boolean trace) {
    throw new UnsupportedOperationException("this family does not restore observed images");
  }

  /** Whether {@link #restoreObserved} is supported. */
  default boolean restoresObserved() {
    return false;
  }

  /** The inexact form for {@code algorithm.type = isgd | maid}, or null when the family does not support them. */
  default InexactProblem inexact() {
    return null;
  }
}
