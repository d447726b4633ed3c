package io.bmo.core.train;

import io.bmo.core.optim.OptState;
import java.io.Serializable;
import java.util.List;

/**
 * What several consecutive steps run by {@link ShardExecutor#trainSteps} gave.
 *
 * @param metrics each step's metrics, in order (the steps before a divergence)
 * @param omega ω after the last step of {@code metrics}
 * @param state the optimizer state after it
 * @param diverged the divergence that ended the group early, or null
 */
public record StepGroup(List<Trainer.StepMetrics> metrics, double[] omega, OptState state,
    TrainingDivergedException diverged) implements Serializable {
  private static final long serialVersionUID = 1L;
}
