package io.bmo.core.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a task's result with its own failure. */
public final class Futures {
  private Futures() {}

  /**
   * The result of {@code f}, waiting for it; the task's own unchecked exception or error is rethrown as it is (a
   * checked one wrapped in an {@link IllegalStateException}).
   *
   * @throws IllegalStateException when interrupted while waiting (the interrupt flag is set again)
   */
  public static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }
}
