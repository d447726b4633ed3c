package io.bmo.jobs.sweep;

/** Thrown by {@link PruningExecutor} to stop a trial whose loss is above the reference median. */
public final class TrialPrunedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The step at which the trial was stopped. */
  private final long step;

  /**
   * A trial stopped at {@code step}.
   *
   * @param step the step
   * @param loss its upper loss there
   * @param median the reference median there
   */
  public TrialPrunedException(long step, double loss, double median) {
    super("pruned at step " + step + ": upper loss " + loss + " > median " + median + " of earlier trials");
    this.step = step;
  }

  /** {@return the step at which the trial was stopped} */
  public long step() {
    return step;
  }
}
