package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code sweep --set key=value}: a key whose first segment is a sweep key (a root of {@code sweep-defaults.conf},
 * e.g. {@code seeds}, {@code halving.eta}, {@code set.train.steps}) overrides the sweep file; any other key is a
 * training key and overrides the base config exactly as {@code train --set} does (same parsing, same unknown-key and
 * section messages). A training override must leave the base config valid, and may not name a key the sweep varies
 * (space, seed-keys).
 *
 * @param sweep the sweep-level overrides as a config (empty when none)
 * @param training the training-level "key=value" strings, in order
 */
public record SweepOverrides(Config sweep, List<String> training) {
  /**
   * Copies the training overrides.
   *
   * @param sweep the sweep-level overrides as a config
   * @param training the training-level "key=value" strings, in order
   */
  public SweepOverrides {
    training = List.copyOf(training);
  }

  /**
   * Splits and parses the overrides; a malformed one is a one-line {@link UserError}.
   *
   * @param overrides "key=value" strings, in order
   * @return the sweep-level and training-level overrides
   */
  public static SweepOverrides parse(List<String> overrides) {
    Set<String> sweepRoots = SweepConfig.defaults().root().keySet();
    Config sweep = ConfigFactory.empty();
    List<String> training = new ArrayList<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--set " + kv + ": expected key=value");
      }
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      int dot = key.indexOf('.');
      if (!sweepRoots.contains(dot < 0 ? key : key.substring(0, dot))) {
        training.add(kv);
        continue;
      }
      try {
        sweep = ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value)).withFallback(sweep);
      } catch (ConfigException e) {
        throw new UserError("--set " + kv + ": " + ConfigLoader.message(e), e);
      }
    }
    return new SweepOverrides(sweep, training);
  }

  /**
   * The base config with the training overrides, validated as {@code train} validates its config: when the base is
   * a valid training config but is not with the overrides, the error names the override.
   *
   * @param basePath the base training config file
   * @param trainSets training "key=value" overrides
   * @return the base config with the overrides, resolved
   */
  public static Config base(Path basePath, List<String> trainSets) {
    Config base = ConfigLoader.load(basePath, trainSets);
    if (trainSets.isEmpty()) {
      return base;
    }
    Config plain = ConfigLoader.load(basePath, List.of());
    boolean plainValid;
    try {
      TrainConfig.from(plain);
      plainValid = true;
    } catch (UserError e) {
      plainValid = false;
    }
    if (plainValid) {
      try {
        TrainConfig.from(base);
      } catch (UserError e) {
        throw new UserError("--set: " + e.getMessage(), e);
      }
    }
    return base;
  }

  /** Combinations of search strategies that are not supported, and training overrides of swept keys. */
  static void checkCompatible(SearchConfig search, SweepConfig.Sampler sampler, SweepConfig.Pruning pruning,
      List<Dimension> space, List<String> trainSets) {
    if (search.halving().enabled()) {
      if (pruning.enabled()) {
        throw new UserError("halving.enabled: not together with pruning.enabled (choose one early-stopping rule)");
      }
      if (search.adaptive().enabled()) {
        throw new UserError("halving.enabled: not together with adaptive-seeds.enabled");
      }
      if (sampler == SweepConfig.Sampler.TPE) {
        throw new UserError("halving.enabled: not with sampler = tpe (halving needs the configs up front)");
      }
      if (space.stream().anyMatch(d -> d.key().equals(Halving.STEPS_KEY))) {
        throw new UserError("space." + Halving.STEPS_KEY + ": halving sets it (the resource); remove it from space");
      }
    }
    for (String kv : trainSets) {
      String key = kv.substring(0, kv.indexOf('=')).trim();
      if (space.stream().anyMatch(d -> d.key().equals(key))) {
        throw new UserError("--set " + key + ": swept in space; an override would be replaced in every trial");
      }
    }
  }
}
