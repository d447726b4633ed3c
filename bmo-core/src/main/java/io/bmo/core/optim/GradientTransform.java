package io.bmo.core.optim;

import java.io.Serializable;

/**
 * One composable stage of an ω update (Optax-style): it rewrites the update vector in place
 * using its own named state. A chain starts with the gradient and ends with the step actually added to ω.
 */
public interface GradientTransform extends Serializable {
  /**
   * @param updates on entry the incoming update (the gradient for the first stage), on exit this stage's output.
   *     Modified.
   * @param state the optimizer's state; this stage reads and writes its own arrays (prefixed by its name)
   * @param params current ω, not modified
   * @param step 0-based index of this update
   */
  void apply(double[] updates, OptState state, double[] params, long step);
}
