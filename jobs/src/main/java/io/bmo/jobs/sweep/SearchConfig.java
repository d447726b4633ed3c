package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;

/**
 * The search-strategy sections of a sweep config ({@code halving}, {@code tpe}, {@code adaptive-seeds}; schema and
 * documentation in {@code sweep-defaults.conf}), typed and validated.
 *
 * @param halving successive halving / Hyperband over training steps
 * @param tpe the model-based sampler's parameters (used when {@code sampler = tpe})
 * @param adaptive seeds added in waves to the top configs
 */
public record SearchConfig(Halving halving, Tpe tpe, AdaptiveSeeds adaptive) {
  /**
   * Successive halving: rung k trains each surviving config for r_k = max-steps·η^(k − rungs + 1) steps (at least
   * 1); the best ⌈n_k/η⌉ (mean objective over seeds) go on. {@code brackets} > 1 is Hyperband: bracket b starts its
   * configs at rung b.
   */
  public record Halving(boolean enabled, int eta, int rungs, int brackets) {
    /**
     * Checks the values (a disabled section is not checked).
     *
     * @param enabled whether halving is on
     * @param eta η ≥ 2, the reduction factor
     * @param rungs number of rungs
     * @param brackets number of Hyperband brackets (1 = successive halving)
     */
    public Halving {
      if (enabled && eta < 2) {
        throw new UserError("halving.eta: must be >= 2, got " + eta);
      }
      if (enabled && rungs < 2) {
        throw new UserError("halving.rungs: must be >= 2, got " + rungs);
      }
      if (enabled && (brackets < 1 || brackets > rungs)) {
        throw new UserError("halving.brackets: must be in [1, rungs = " + rungs + "], got " + brackets);
      }
    }
  }

  /**
   * TPE: {@code startup} random configs, then waves of {@code batch} proposals, each the best l/g ratio among
   * {@code candidates} draws from the good configs' Parzen density (the best ⌈γn⌉ finished configs).
   */
  public record Tpe(int startup, int batch, double gamma, int candidates, double bandwidth) {
    /**
     * Checks the values.
     *
     * @param startup random configs before the first proposal
     * @param batch proposals per wave
     * @param gamma γ, the fraction of finished configs that are "good"
     * @param candidates draws per proposal
     * @param bandwidth width of the Gaussian kernels in the unit cube
     */
    public Tpe {
      if (startup < 1) {
        throw new UserError("tpe.startup: must be >= 1, got " + startup);
      }
      if (batch < 1) {
        throw new UserError("tpe.batch: must be >= 1, got " + batch);
      }
      if (!(gamma > 0 && gamma < 1)) {
        throw new UserError("tpe.gamma: must be in (0, 1), got " + gamma);
      }
      if (candidates < 1) {
        throw new UserError("tpe.candidates: must be >= 1, got " + candidates);
      }
      if (!(bandwidth > 0 && bandwidth <= 1)) {
        throw new UserError("tpe.bandwidth: must be in (0, 1], got " + bandwidth);
      }
    }
  }

  /**
   * Adaptive seeds: while the paired t-test of the best config against the runner-up on their common seeds has
   * p ≥ 1 − confidence, each of the {@code top} configs is brought to {@code per-wave} more seeds, up to
   * {@code max-seeds}.
   */
  public record AdaptiveSeeds(boolean enabled, double confidence, int maxSeeds, int top, int perWave) {
    /**
     * Checks the values (a disabled section is not checked).
     *
     * @param enabled whether adaptive seeds are on
     * @param confidence the confidence at which the best counts as separated, in (0, 1)
     * @param maxSeeds most seeds per config
     * @param top configs that get more seeds per wave
     * @param perWave seeds added per config and wave
     */
    public AdaptiveSeeds {
      if (!(confidence > 0 && confidence < 1)) {
        throw new UserError("adaptive-seeds.confidence: must be in (0, 1), got " + confidence);
      }
      if (top < 2) {
        throw new UserError("adaptive-seeds.top: must be >= 2 (the best and the runner-up), got " + top);
      }
      if (perWave < 1) {
        throw new UserError("adaptive-seeds.per-wave: must be >= 1, got " + perWave);
      }
      if (maxSeeds < 1) {
        throw new UserError("adaptive-seeds.max-seeds: must be >= 1, got " + maxSeeds);
      }
    }
  }

  /**
   * Reads the three sections of {@code c} (the sweep config over its defaults).
   *
   * @param c the sweep config over its defaults
   * @return the three sections
   */
  public static SearchConfig from(Config c) {
    Halving h = new Halving(bool(c, "halving.enabled"), integer(c, "halving.eta"), integer(c, "halving.rungs"),
        integer(c, "halving.brackets"));
    Tpe t = new Tpe(integer(c, "tpe.startup"), integer(c, "tpe.batch"), number(c, "tpe.gamma"),
        integer(c, "tpe.candidates"), number(c, "tpe.bandwidth"));
    AdaptiveSeeds a = new AdaptiveSeeds(bool(c, "adaptive-seeds.enabled"), number(c, "adaptive-seeds.confidence"),
        integer(c, "adaptive-seeds.max-seeds"), integer(c, "adaptive-seeds.top"),
        integer(c, "adaptive-seeds.per-wave"));
    return new SearchConfig(h, t, a);
  }

  private static boolean bool(Config c, String k) {
    return ConfigLoader.get(c, k, "a boolean", c::getBoolean);
  }

  private static int integer(Config c, String k) {
    return ConfigLoader.get(c, k, "an integer", c::getInt);
  }

  private static double number(Config c, String k) {
    return ConfigLoader.get(c, k, "a number", c::getDouble);
  }
}
