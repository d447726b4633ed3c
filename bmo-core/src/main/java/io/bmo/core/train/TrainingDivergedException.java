package io.bmo.core.train;

import io.bmo.core.param.ParamLayout;

/** NaN or Inf appeared in the upper loss, the hypergradient or ω; the run stops at that step. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long step;

  public TrainingDivergedException(long step, String what) {
    super("training diverged at step " + step + ": " + what + " is not finite (NaN or Inf); lower the learning rate"
        + " or the step-size bound");
    this.step = step;
  }

  public long step() {
    return step;
  }

  /**
   * Names the entry of a vector laid out like ω that explains a divergence: the first NaN/Inf entry if there is one,
   * else the entry of largest magnitude, as {@code parameter W[3,17] (= -Infinity)}.
   */
  public static String entry(ParamLayout layout, double[] v) {
    int at = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        at = i;
        break;
      }
      if (Math.abs(v[i]) > Math.abs(v[at])) {
        at = i;
      }
    }
    return "parameter " + layout.coordinate(at) + " (= " + v[at] + ")";
  }
}
