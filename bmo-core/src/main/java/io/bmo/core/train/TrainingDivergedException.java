package io.bmo.core.train;

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
}
