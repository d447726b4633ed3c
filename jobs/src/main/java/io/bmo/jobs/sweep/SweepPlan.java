package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.bmo.core.random.SeededRandom;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expands a {@link SweepConfig} into its trials. Configs are the grid (every combination, keys in alphabetical
 * order, last key fastest) or {@code budget} random draws where config i uses only the counter RNG stream
 * (sampler-seed, i) (for {@code tpe}: the plan if every config were random, used for the execution-mode estimate). Each config is crossed with every seed; the plan is seed-major.
 *
 * <p>Trial id = first 16 hex digits of SHA-256 over the resolved training config (every key, sorted, values rendered
 * as HOCON) and the seed. Keys that cannot change the result are left out of the hash, so that a trial is found again
 * whichever way it is executed: {@link #EXECUTION_KEYS}.
 */
public final class SweepPlan {
  /** {@link SeededRandom} stream of the random sweep sampling. */
  static final long SAMPLER_STREAM = 6;
  /**
   * Training keys that do not affect a run's numbers (name, executor and thread count, checkpoint cadence, the
   * reverse-mode snapshot budget: checkpointed reverse mode gives the same bits).
   */
  public static final Set<String> EXECUTION_KEYS =
      Set.of("name", "spark.executor", "train.threads", "train.partitions", "train.steps-per-job",
          "train.checkpoint-every",
          "hypergradient.snapshots");

  private SweepPlan() {}

  /**
   * The configs of the space: each a map key → value (sorted by key).
   *
   * @param sc the sweep config
   * @return the configs in the sampler's order
   */
  public static List<Map<String, ConfigValue>> configs(SweepConfig sc) {
    List<Map<String, ConfigValue>> out = new ArrayList<>();
    List<Dimension> dims = sc.space();
    if (sc.sampler() != SweepConfig.Sampler.GRID) {
      for (int i = 0; i < sc.budget(); i++) {
        SeededRandom rng = new SeededRandom(sc.samplerSeed(), SAMPLER_STREAM, i);
        Map<String, ConfigValue> cfg = new TreeMap<>();
        for (Dimension d : dims) {
          cfg.put(d.key(), d.sample(rng.nextDouble()));
        }
        out.add(cfg);
      }
      return out;
    }
    List<List<ConfigValue>> values = dims.stream().map(Dimension::gridValues).toList();
    int[] at = new int[dims.size()];
    while (true) {
      Map<String, ConfigValue> cfg = new TreeMap<>();
      for (int d = 0; d < dims.size(); d++) {
        cfg.put(dims.get(d).key(), values.get(d).get(at[d]));
      }
      out.add(cfg);
      int d = dims.size() - 1;
      while (d >= 0 && ++at[d] == values.get(d).size()) {
        at[d] = 0;
        d--;
      }
      if (d < 0) {
        return out;
      }
    }
  }

  /**
   * Every trial, seed-major. Invalid configs are planned too, with their reason.
   *
   * @param sc the sweep config
   * @return the trials
   */
  public static List<TrialSpec> build(SweepConfig sc) {
    List<Map<String, ConfigValue>> configs = configs(sc);
    List<TrialSpec> plan = new ArrayList<>();
    for (long seed : sc.seeds()) {
      for (int c = 0; c < configs.size(); c++) {
        plan.add(trial(sc, plan.size(), c, configs.get(c), seed));
      }
    }
    return plan;
  }

  /**
   * Rejects a plan none of whose trials is a valid training config (an invalid base config, or a space whose every
   * value breaks a constraint): such a sweep could only record failures. Plans with some invalid trials are run; the
   * invalid ones are recorded as such.
   *
   * @param where the sweep config file or directory, for the message
   * @param plan the trials
   * @throws UserError with the first trial's reason
   */
  public static void requireValidTrial(List<TrialSpec> plan, String where) {
    if (!plan.isEmpty() && plan.stream().allMatch(t -> t.invalidReason() != null)) {
      throw new UserError(where + ": every planned trial config is invalid, e.g. " + plan.get(0).invalidReason());
    }
  }

  /**
   * One trial: the base config, then {@code set}, then {@code values} (each a swept column), then the seed keys.
   *
   * @param index position in the plan
   * @param configIndex position of the config in the sampler's sequence
   * @param values training key → value of this config (a map sorted by key gives the column order)
   * @param sc the sweep config
   * @param seed the trial's seed
   * @return the trial
   */
  public static TrialSpec trial(SweepConfig sc, int index, int configIndex, Map<String, ConfigValue> values,
      long seed) {
    Config cfg = sc.base();
    for (Map.Entry<String, ConfigValue> e : sc.set().entrySet()) {
      cfg = cfg.withValue(e.getKey(), e.getValue());
    }
    Map<String, String> swept = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
      cfg = cfg.withValue(e.getKey(), e.getValue());
      swept.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    String configId = hash(canonical(cfg, sc.seedKeys().keySet()), 12);
    for (Map.Entry<String, Long> e : sc.seedKeys().entrySet()) {
      cfg = cfg.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(seed + e.getValue()));
    }
    cfg = cfg.resolve();
    String trialId = hash(canonical(cfg, Set.of()) + "\nseed=" + seed, 16);
    String invalid = null;
    double est = 0;
    try {
      TrainConfig tc = TrainConfig.from(cfg);
      est = estimatedSeconds(tc, sc.execution().gflops());
    } catch (UserError e) {
      invalid = e.getMessage();
    }
    String text = cfg.root().render(ConfigRenderOptions.concise().setFormatted(true));
    return new TrialSpec(index, trialId, configId, configIndex, swept, seed, text, invalid, est);
  }

  /**
   * The trial of {@code spec}'s config with another seed: the same id {@link #trial} gives that config and seed
   * (the seed keys are the only difference; the config id is kept).
   *
   * @param sc the sweep config
   * @param spec a trial of the config
   * @param seed the new seed
   * @return the trial
   */
  public static TrialSpec reseed(SweepConfig sc, TrialSpec spec, long seed) {
    Config cfg = com.typesafe.config.ConfigFactory.parseString(spec.configText());
    for (Map.Entry<String, Long> e : sc.seedKeys().entrySet()) {
      cfg = cfg.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(seed + e.getValue()));
    }
    cfg = cfg.resolve();
    String trialId = hash(canonical(cfg, Set.of()) + "\nseed=" + seed, 16);
    String text = cfg.root().render(ConfigRenderOptions.concise().setFormatted(true));
    return new TrialSpec(0, trialId, spec.configId(), spec.configIndex(), spec.swept(), seed, text,
        spec.invalidReason(), spec.estimatedSeconds());
  }

  /** Single-core seconds of a trial at {@code gflops}: the family's estimate (0 = none). */
  static double estimatedSeconds(TrainConfig tc, double gflops) {
    return tc.family().family().estimatedSeconds(tc.family().config(), tc.family().engine(), gflops);
  }

  /** The engine's and every registered family's neutral added keys ({@link ConfigLoader#neutralAddedKeys()}). */
  static Map<String, String> neutralAddedKeys() {
    return ConfigLoader.neutralAddedKeys();
  }

  /**
   * Sorted "key=value" lines of every leaf except {@link #EXECUTION_KEYS}, {@code skip} and keys of
   * {@link #neutralAddedKeys()} at their neutral value.
   */
  static String canonical(Config cfg, Set<String> skip) {
    TreeMap<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : cfg.entrySet()) {
      if (isNeutral(e.getKey(), e.getValue())) {
        continue;
      }
      String rendered = e.getValue().render(ConfigRenderOptions.concise());
      if (!EXECUTION_KEYS.contains(e.getKey()) && !skip.contains(e.getKey())) {
        flat.put(e.getKey(), rendered);
      }
    }
    StringBuilder sb = new StringBuilder();
    flat.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /**
   * Whether {@code key} is a neutral added key at its neutral value, written either way HOCON allows: quoted or not
   * ({@code key = false} and {@code key = "false"} are the same setting to a config reader), so the values are
   * compared unquoted, and numbers by value ({@code 0} and {@code 0.0}).
   */
  private static boolean isNeutral(String key, ConfigValue value) {
    String neutral = neutralAddedKeys().get(key);
    if (neutral == null) {
      return false;
    }
    boolean quoted = neutral.length() >= 2 && neutral.startsWith("\"") && neutral.endsWith("\"");
    String plain = quoted ? neutral.substring(1, neutral.length() - 1) : neutral;
    Object v = value.unwrapped();
    if (v instanceof Number n) {
      try {
        return n.doubleValue() == Double.parseDouble(plain);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return String.valueOf(v).equals(plain);
  }

  static String hash(String text, int hexDigits) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
