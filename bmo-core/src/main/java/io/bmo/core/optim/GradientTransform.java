package io.bmo.core.optim;

import java.io.Serializable;

/**
 * One composable stage of an ω update (Optax-style): it rewrites the update vector in place using its own state. A
 * chain starts with the gradient and ends with the step actually added to ω.
 *
 * <p>Each transform of a chain owns a namespace of the optimizer state, named after it ({@link #name()}): the
 * {@link Optimizer} gives the first transform of a name the namespace {@code name}, the next ones {@code name#2},
 * {@code name#3}, … so two Adams in one chain keep separate moments ({@code adam.m}, {@code adam#2.m}), and a
 * checkpoint names every array by its transform.
 */
public interface GradientTransform extends Serializable {
  /** The namespace of this transform's state arrays (stateless transforms may keep the default). */
  default String name() {
    return "transform";
  }

  /**
   * @param updates on entry the incoming update (the gradient for the first stage), on exit this stage's output.
   *     Modified.
   * @param state this transform's own arrays
   * @param params current ω, not modified
   * @param step 0-based index of this update
   */
  void apply(double[] updates, State state, double[] params, long step);

  /** A transform's own part of the optimizer state. */
  interface State {
    /** Its array {@code key}, created zero-filled with the given length if absent. */
    double[] array(String key, int length);
  }
}
