package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.ProblemKeys;
import io.bmo.jobs.config.SectionHint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The typed, validated {@code sweep} configuration (schema and documentation: {@code sweep-defaults.conf}). Every
 * training key named in {@code set}, {@code space} and {@code seed-keys} must exist in {@code bmo-defaults.conf};
 * errors are one line naming the key. The base training config is loaded (and checked for unknown keys) here.
 *
 * @param base the base training config, resolved over the training defaults
 * @param set fixed overrides, by training key (sorted)
 * @param space swept dimensions, sorted by key
 * @param seedKeys training key → offset added to the trial's seed
 * @param rendered the sweep config as given but with {@code base = "base.conf"}: stored in the sweep directory next
 *     to the rendered base config, so {@code --resume DIR} needs nothing else
 */
public record SweepConfig(String name, Config base, Map<String, ConfigValue> set, List<Dimension> space,
    Sampler sampler, int budget, long samplerSeed, List<Long> seeds, Map<String, Long> seedKeys, String objective,
    boolean minimize, Execution execution, Pruning pruning, SearchConfig search, String rendered) {

  /** Classpath resource with every sweep key, its default and its documentation. */
  public static final String DEFAULTS = "sweep-defaults.conf";

  /** How configs are drawn from the space. */
  public enum Sampler {
    /** Every combination of the dimensions' grid values. */
    GRID,
    /** {@code budget} seeded uniform draws. */
    RANDOM,
    /** Seeded, batch-synchronous Tree-structured Parzen Estimator. */
    TPE
  }

  /** How trials are executed. */
  public enum Mode {
    /** Trial-parallel when the largest trial's estimated time is small enough, else data-parallel. */
    AUTO,
    /** One trial per Spark task, trained in that task's JVM. */
    TRIAL_PARALLEL,
    /** Trials one after another, each distributed over the cluster. */
    DATA_PARALLEL;

    /**
     * Config spelling, e.g. {@code trial-parallel}.
     *
     * @return the spelling
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Execution section; see sweep-defaults.conf. */
  public record Execution(Mode mode, int concurrentTrials, double trialParallelMaxSeconds, double gflops) {}

  /** Pruning section; see sweep-defaults.conf. */
  public record Pruning(boolean enabled, int warmupSteps, int minTrials, int waveSize) {}

  /**
   * Sorts and freezes the collections.
   *
   * @param name the sweep name
   * @param base the base training config, resolved over the training defaults
   * @param set fixed overrides, by training key
   * @param space swept dimensions
   * @param sampler how configs are drawn
   * @param budget configs drawn by the random and tpe samplers
   * @param samplerSeed seed of the random and tpe samplers
   * @param seeds the seeds every config is trained with
   * @param seedKeys training key → offset added to the trial's seed
   * @param objective the metric that ranks configs
   * @param minimize whether smaller is better
   * @param execution the execution section
   * @param pruning the pruning section
   * @param search the halving, tpe and adaptive-seeds sections
   * @param rendered the sweep config as stored in the sweep directory
   */
  public SweepConfig {
    set = java.util.Collections.unmodifiableMap(new TreeMap<>(set));
    space = List.copyOf(space);
    seeds = List.copyOf(seeds);
    seedKeys = java.util.Collections.unmodifiableMap(new TreeMap<>(seedKeys));
  }

  /**
   * The defaults alone.
   *
   * @return the defaults
   */
  public static Config defaults() {
    return ConfigFactory.parseResources(SweepConfig.class.getClassLoader(), DEFAULTS,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Loads a sweep file; {@code base} is resolved relative to the file's directory.
   *
   * @param file the sweep file
   * @return the validated sweep config
   */
  public static SweepConfig load(Path file) {
    return load(file, List.of());
  }

  /**
   * Loads a sweep file with {@code --set key=value} overrides ({@link SweepOverrides}: sweep keys override the sweep
   * file, training keys the base config, validated as {@code train} validates them).
   *
   * @param file the sweep file
   * @param overrides "key=value" strings
   * @return the validated sweep config
   */
  public static SweepConfig load(Path file, List<String> overrides) {
    Config user = ConfigLoader.parseFile(file, "sweep config");
    if (user.root().isEmpty()) {
      throw new UserError(file + ": no keys (an empty sweep config; it needs at least base = \"…\")");
    }
    try {
      user = user.resolve();
    } catch (ConfigException e) {
      throw new UserError(file + ": " + ConfigLoader.message(e), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    SweepOverrides over = SweepOverrides.parse(overrides);
    return from(over.sweep().withFallback(user), dir, file.toString(), over.training());
  }

  /**
   * Validates a parsed sweep config.
   *
   * @param dir directory that a relative {@code base} is resolved against
   * @param where names the source in error messages
   * @param user the sweep config as parsed
   * @return the validated sweep config
   */
  public static SweepConfig from(Config user, Path dir, String where) {
    return from(user, dir, where, List.of());
  }

  /**
   * Validates a parsed sweep config whose base config gets the training overrides {@code trainSets}.
   *
   * @param trainSets "key=value" training overrides applied to the base config (not to keys in space/seed-keys)
   * @param user the sweep config as parsed
   * @param dir directory that a relative {@code base} is resolved against
   * @param where names the source in error messages
   * @return the validated sweep config
   */
  public static SweepConfig from(Config user, Path dir, String where, List<String> trainSets) {
    Config defaults = defaults();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("set.") && !key.startsWith("space.") && !key.startsWith("seed-keys.")
          && !defaults.hasPath(key)) {
        throw new UserError(where + ": unknown sweep key '" + key + "' (known: "
            + String.join(", ", new java.util.TreeSet<>(defaults.root().keySet())) + ")");
      }
    }
    Config c = user.withFallback(defaults);
    String baseName = get(c, "base", "a string", c::getString);
    if (baseName.isBlank()) {
      throw new UserError("base: required (the training config the sweep varies)");
    }
    Path basePath = dir.resolve(baseName);
    Config trainDefaults = ConfigLoader.schema();
    Config base = SweepOverrides.base(basePath, trainSets);

    Map<String, ConfigValue> set = new TreeMap<>();
    if (user.hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : user.getConfig("set").entrySet()) {
        set.put(SpaceKeys.trainKey(trainDefaults, "set", e.getKey(), e.getValue()), e.getValue());
      }
    }
    List<Dimension> space = new ArrayList<>();
    if (user.hasPath("space")) {
      SpaceKeys.walk(user.getObject("space"), "", trainDefaults, space);
    }
    space.sort(java.util.Comparator.comparing(Dimension::key));
    for (Dimension d : space) {
      if (set.containsKey(d.key())) {
        throw new UserError("space." + d.key() + ": also fixed in set; give it in one place");
      }
    }
    ProblemKeys.checkSweep(get(base, "problem", "a string", base::getString), set.keySet(),
        space.stream().map(Dimension::key).toList());

    Sampler sampler = switch (get(c, "sampler", "a string", c::getString).toLowerCase(Locale.ROOT)) {
      case "grid" -> Sampler.GRID;
      case "random" -> Sampler.RANDOM;
      case "tpe" -> Sampler.TPE;
      default -> throw new UserError("sampler: expected grid, random or tpe, got '" + c.getString("sampler") + "'");
    };
    int budget = get(c, "budget", "an integer", c::getInt);
    if (sampler != Sampler.GRID && budget < 1) {
      throw new UserError("budget: " + sampler.name().toLowerCase(Locale.ROOT)
          + " sampling needs a budget >= 1 (number of configs), got " + budget);
    }
    if (sampler == Sampler.GRID && budget != 0) {
      throw new UserError("budget: only for sampler = random or tpe (grid takes every combination), got " + budget);
    }
    if (sampler == Sampler.GRID) {
      for (Dimension d : space) {
        try {
          d.gridValues();
        } catch (IllegalArgumentException e) {
          throw new UserError("space." + d.key() + ": " + e.getMessage(), e);
        }
      }
    }
    long samplerSeed = get(c, "sampler-seed", "an integer", c::getLong);
    List<Long> seeds = seeds(c);
    Map<String, Long> seedKeys = new TreeMap<>();
    Config sk = user.hasPath("seed-keys") ? user.getConfig("seed-keys") : defaults.getConfig("seed-keys");
    for (Map.Entry<String, ConfigValue> e : sk.entrySet()) {
      String key = SpaceKeys.trainKey(trainDefaults, "seed-keys", e.getKey(), e.getValue());
      long off = get(sk, e.getKey(), "an integer offset", sk::getLong);
      seedKeys.put(key, off);
      if (set.containsKey(key) || space.stream().anyMatch(d -> d.key().equals(key))) {
        throw new UserError("seed-keys." + key + ": set by the trial seed, so it cannot also be in set or space");
      }
    }
    String metric = get(c, "objective.metric", "a string", c::getString);
    String goal = get(c, "objective.goal", "a string", c::getString).toLowerCase(Locale.ROOT);
    List<Metric> headline = ProblemFamilies.find(get(base, "problem", "a string", base::getString))
        .map(ProblemFamily::headlineMetrics).orElse(List.of());
    if (metric.isEmpty()) {
      metric = headline.isEmpty() ? "final_loss" : headline.get(0).name();
    }
    if (goal.isEmpty()) {
      String m = metric;
      goal = headline.stream().filter(h -> h.name().equals(m)).findFirst()
          .map(h -> h.goal() == Metric.Goal.MAXIMIZE ? "maximize" : "minimize").orElse("minimize");
    }
    if (!goal.equals("minimize") && !goal.equals("maximize")) {
      throw new UserError("objective.goal: expected minimize or maximize, got '" + goal + "'");
    }
    Mode mode = switch (get(c, "execution.mode", "a string", c::getString).toLowerCase(Locale.ROOT)) {
      case "auto" -> Mode.AUTO;
      case "trial-parallel" -> Mode.TRIAL_PARALLEL;
      case "data-parallel" -> Mode.DATA_PARALLEL;
      default -> throw new UserError("execution.mode: expected auto, trial-parallel or data-parallel, got '"
          + c.getString("execution.mode") + "'");
    };
    Execution ex = new Execution(mode, positive(c, "execution.concurrent-trials"),
        positiveNum(c, "execution.trial-parallel-max-seconds"), positiveNum(c, "execution.gflops"));
    Pruning pr = new Pruning(get(c, "pruning.enabled", "a boolean", c::getBoolean),
        nonNegative(c, "pruning.warmup-steps"), positive(c, "pruning.min-trials"), positive(c, "pruning.wave-size"));
    SearchConfig search = SearchConfig.from(c);
    SweepOverrides.checkCompatible(search, sampler, pr, space, trainSets);
    String rendered = user.withValue("base", ConfigValueFactory.fromAnyRef("base.conf")).root()
        .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    String name = get(c, "name", "a string", c::getString);
    if (space.isEmpty()) {
      throw new UserError("space: empty; a sweep needs at least one key with values (to repeat one config over"
          + " seeds, give one key a single value, e.g. space { bmo.mu = [0.2] })");
    }
    return new SweepConfig(name, base, set, space, sampler, budget, samplerSeed, seeds, seedKeys, metric,
        goal.equals("minimize"), ex, pr, search, rendered);
  }

  private static List<Long> seeds(Config c) {
    ConfigValue v = c.getValue("seeds");
    List<Long> out = new ArrayList<>();
    if (v.valueType() == ConfigValueType.NUMBER) {
      int n = get(c, "seeds", "a count or a list of integers", c::getInt);
      if (n < 1) {
        throw new UserError("seeds: count must be >= 1, got " + n);
      }
      for (long s = 1; s <= n; s++) {
        out.add(s);
      }
    } else {
      out.addAll(get(c, "seeds", "a count or a list of integers", c::getLongList));
      if (out.isEmpty()) {
        throw new UserError("seeds: empty list");
      }
      if (new LinkedHashSet<>(out).size() != out.size()) {
        throw new UserError("seeds: duplicate seed in " + out);
      }
    }
    return out;
  }

  private static int positive(Config c, String k) {
    int v = get(c, k, "an integer", c::getInt);
    if (v < 1) {
      throw new UserError(k + ": must be >= 1, got " + v);
    }
    return v;
  }

  private static int nonNegative(Config c, String k) {
    int v = get(c, k, "an integer", c::getInt);
    if (v < 0) {
      throw new UserError(k + ": must be >= 0, got " + v);
    }
    return v;
  }

  private static double positiveNum(Config c, String k) {
    double v = get(c, k, "a number", c::getDouble);
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new UserError(k + ": must be a finite number > 0, got " + v);
    }
    return v;
  }

  static <T> T get(Config c, String key, String expected, java.util.function.Function<String, T> getter) {
    return ConfigLoader.get(c, key, expected, getter);
  }
}
