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

  /** Seeds recorded first under the manifest's {@code seeds} (name → seed; the engine adds {@code minibatch}). */
  default Map<String, Object> seeds() {
    return Map.of();
  }

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
   * ω (whole images, any size). The default restores nothing. {@code evaluate} calls it for several images at once
   * from its own threads: an implementation keeps its working memory per call and does not modify the request.
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
   * The family's per-step metrics for the stateful algorithms ({@code algorithm.type = isgd | maid | joint}), whose
   * steps do not go through {@link ShardedProblem#metrics}: the same keys every step, NaN when not available.
   *
   * @param omega ω at the start of the step (not modified)
   * @param testEval the folded test-set evaluation at {@link ShardedProblem#evalDepths()} on evaluation steps when
   *     {@link #algorithmMetricsUseTest()}, else null
   */
  default Map<String, Double> algorithmMetrics(double[] omega, double[][] testEval) {
    return Map.of();
  }

  /** Whether {@link #algorithmMetrics} reads the test-set evaluation. */
  default boolean algorithmMetricsUseTest() {
    return false;
  }

  /**
   * {@code evaluate --pairs}: restores an observed image (the degraded member of a degraded/clean pair read from
   * files) with ω; the engine reads the pairs and computes the quality figures. The default restores nothing. Called
   * for several images at once from the engine's threads, as {@link #restore} is.
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

  /**
   * The inexact form with the user's constants of MAID's error bound ({@code algorithm.maid.bound.*}); the default
   * ignores them ({@link #inexact()}), for families that certify their own bound.
   *
   * @param bound the configured constants, null unless {@code algorithm.type = maid}
   * @throws FamilyConfigException naming {@code algorithm.maid.bound} when the constants do not make a bound
   */
  default InexactProblem inexact(MaidBound bound) {
    return inexact();
  }

  /**
   * The user's constants of MAID's error bound ({@code algorithm.maid.bound.*}).
   *
   * @param lossLipschitz 0 = the family's own default
   */
  record MaidBound(double mu, double lossLipschitz, double hessianLipschitz, double mixedLipschitz,
      double mixedNorm) {}

  /**
   * {@code evaluate --images} of a family that evaluates whole images its own way (its own degradation and metrics;
   * the engine reads the images and writes the CSV and PNGs). The default evaluates nothing.
   *
   * @param omega the trained ω (not modified)
   */
  default ImageEvaluation evaluateImages(double[] omega, java.util.List<FamilyConfig.Image> images) {
    throw new UnsupportedOperationException("this family does not evaluate images");
  }

  /**
   * Joint (HODL-style) mode's shard work for {@code algorithm.type = joint}, with ω₀ = {@link #initialOmega()} and
   * {@link #projection()}; null when the family does not support it.
   *
   * @throws FamilyConfigException naming the key when the configured model cannot run in joint mode
   */
  default io.bmo.core.algorithms.JointWork joint(io.bmo.core.algorithms.JointGradient gradient) {
    return null;
  }

  /**
   * The family's table of test-set metrics over an evaluation setting (e.g. the depth of an unrolled model, also
   * beyond the trained one), written by {@code evaluate} and for a sweep's best trials; null when it has none.
   */
  default SettingTable settingTable() {
    return null;
  }

  /**
   * {@code baseline CONFIG}: the family's classical, unlearned reference, its free parameter tuned on training
   * examples and scored on the test set; the fields of the JSON line.
   *
   * @param grid values of the free parameter to try, or null for the family's default grid
   * @param tuneExamples training examples used to tune
   * @param blockSize examples per block
   * @param log one line per result, for the console
   * @throws UnsupportedOperationException when the family has no baseline
   * @throws IllegalArgumentException with a one-line message when the run cannot be scored (e.g. no test set)
   */
  default Map<String, Object> baseline(double[] grid, int tuneExamples, int blockSize,
      java.util.function.Consumer<String> log) {
    throw new UnsupportedOperationException("no baseline");
  }

  /**
   * Fields that {@code hypergrad} adds to its JSON line after the loss and gradient norm (e.g. the model, the method
   * and the adjoint solver's statistics). Default: none.
   *
   * @param total the training set's folded sums with the gradient
   */
  default Map<String, Object> hypergradientFields(io.bmo.core.aggregate.LossGradientSum total) {
    return Map.of();
  }

  /** Whether {@link #evaluateImages} is supported. */
  default boolean evaluatesImages() {
    return false;
  }
}
