package io.bmo.jobs.sweep;

import java.io.Serializable;
import java.util.Map;

/**
 * One planned trial: a config of the space with one seed. Serializable: trial-parallel sweeps ship it to a Spark
 * task, which runs it from {@link #configText} alone.
 *
 * @param index position in the plan (seed-major: every config with the first seed, then the second seed, …)
 * @param trialId hash of (resolved training config, seed); names the trial directory
 * @param configId hash of the resolved config without the seed keys; the same for every seed of a config
 * @param configIndex position of the config in the sampled list
 * @param swept swept key → value as text, in key order
 * @param configText the resolved training config (HOCON) of this trial, before execution keys are set
 * @param invalidReason why the config violates a constraint (one line), or null when it is valid
 * @param estimatedSeconds single-core time estimate (for choosing the execution mode)
 * @param seed the trial's seed
 * @serial exclude
 */
public record TrialSpec(int index, String trialId, String configId, int configIndex, Map<String, String> swept,
    long seed, String configText, String invalidReason, double estimatedSeconds) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Freezes the swept values.
   *
   * @param index position in the plan
   * @param trialId hash of (resolved training config, seed)
   * @param configId hash of the resolved config without the seed keys
   * @param configIndex position of the config in the sampled list
   * @param swept swept key → value as text, in key order
   * @param seed the trial's seed
   * @param configText the resolved training config (HOCON)
   * @param invalidReason why the config violates a constraint, or null
   * @param estimatedSeconds single-core time estimate
   */
  public TrialSpec {
    swept = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(swept));
  }

  /**
   * The same trial at another plan position.
   *
   * @param newIndex the new position
   * @return the trial
   */
  public TrialSpec withIndex(int newIndex) {
    return new TrialSpec(newIndex, trialId, configId, configIndex, swept, seed, configText, invalidReason,
        estimatedSeconds);
  }

  /**
   * Directory of this trial relative to the sweep directory.
   *
   * @return the directory
   */
  public String dir() {
    return "trials/" + trialId;
  }
}
