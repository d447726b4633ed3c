package io.bmo.jobs.sweep;

/** Thrown by {@link PruningExecutor} to stop a trial whose loss is above the reference median. */
public final class TrialPrunedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long step;

  public TrialPrunedException(long step, double loss, double median) {
    super("pruned at step " + step + ": upper loss " + loss + " > median " + median + " of earlier trials");
    this.step = step;
  }

  public long step() {
    return step;
  }
}
