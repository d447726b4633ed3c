package io.bmo.jobs.sweep;

import java.util.Locale;

/** Terminal state of a trial; every one is final (a re-run or resume skips it, nothing is retried). */
public enum TrialStatus {
  /** Ran all its steps. */
  FINISHED,
  /** NaN/Inf in the loss, hypergradient or ω (the reason names the step). */
  DIVERGED,
  /** The config violates a constraint of the training config (the reason names the key). */
  INVALID,
  /** Stopped early by median pruning. */
  PRUNED;

  /** {@return the spelling in trial.json and the tables: the name in lower case} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status of a spelling.
   *
   * @param s the spelling (any case)
   * @return the status
   */
  public static TrialStatus parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /**
   * Diverged or invalid.
   *
   * @return true for DIVERGED and INVALID
   */
  public boolean failed() {
    return this == DIVERGED || this == INVALID;
  }
}
