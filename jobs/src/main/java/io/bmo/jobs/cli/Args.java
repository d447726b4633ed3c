package io.bmo.jobs.cli;

import io.bmo.jobs.UserError;
import java.util.function.Supplier;

/** Turns validation failures into {@link UserError}s that name the option. */
final class Args {
  private Args() {}

  static <T> T get(String option, Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      throw new UserError(option + ": " + e.getMessage(), e);
    }
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new UserError(message);
    }
  }
}
