package io.bmo.jobs;

/**
 * A problem with the user's input (option, config key, file) rather than a bug: printed as one line naming the
 * key, file or value, and the process exits with status 2 before anything is written.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error whose message is shown as is.
   *
   * @param message one line naming the bad key, file or value
   */
  public UserError(String message) {
    super(message);
  }

  /**
   * An error whose message is shown as is, with its cause (not shown).
   *
   * @param message one line naming the bad key, file or value
   * @param cause the underlying exception
   */
  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
