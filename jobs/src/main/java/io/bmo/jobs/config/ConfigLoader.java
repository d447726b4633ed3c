package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads a HOCON config file plus {@code --set key=value} overrides on top of the defaults resource, which is also the
 * schema: any key not in the defaults is rejected, naming the key and where it came from.
 */
public final class ConfigLoader {
  /** Classpath resource with every key, its default and its documentation. */
  public static final String DEFAULTS = "bmo-defaults.conf";

  private ConfigLoader() {}

  /**
   * The defaults every run's config holds: the engine's ({@link #DEFAULTS}) and those of the families whose keys are
   * in every config ({@link ProblemFamily#defaultsInEveryConfig()}).
   *
   * @return the defaults
   */
  public static Config defaults() {
    Config d = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS,
        ConfigParseOptions.defaults().setAllowMissing(false));
    for (ProblemFamily f : ProblemFamilies.all()) {
      if (f.defaultsInEveryConfig()) {
        d = d.withFallback(familyDefaults(f));
      }
    }
    return d;
  }

  /**
   * Every known key: {@link #defaults()} plus the section of every registered plug-in {@link ProblemFamily}. Used
   * only to reject unknown keys; a run's config holds the section of its own family only, so installing a family
   * changes no other run's config (nor a sweep's trial ids).
   *
   * @return the schema
   */
  public static Config schema() {
    Config d = defaults();
    for (ProblemFamily f : ProblemFamilies.all()) {
      d = d.withFallback(familyDefaults(f));
    }
    return d;
  }

  /** A family's defaults resource, parsed once per family class. */
  static Config familyDefaults(ProblemFamily f) {
    return FAMILY_DEFAULTS.computeIfAbsent(f.getClass(), k -> ConfigFactory.parseResources(k.getClassLoader(),
        f.defaultsResource(), ConfigParseOptions.defaults().setAllowMissing(false)));
  }

  private static final java.util.Map<Class<?>, Config> FAMILY_DEFAULTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Engine keys added after run directories and sweep trial ids were first written, each with the value that
   * reproduces the behaviour from before the key existed (rendered as HOCON). Families name their own such keys
   * ({@link ProblemFamily#neutralAddedKeys()}); {@link #neutralAddedKeys()} holds both.
   */
  private static final Map<String, String> ENGINE_NEUTRAL_ADDED_KEYS = Map.of(
      "model.support.increment", "0",
      "model.support.max", "0",
      "algorithm.maid.gradient-tol", "0",
      "algorithm.joint.gradient", "\"truncated\"",
      "optimizer.cosine-steps", "0",
      "optimizer.cosine-alpha", "0",
      "train.init-run", "\"\"");

  private static final Map<String, String> ALL_NEUTRAL_ADDED_KEYS = collectNeutralAddedKeys();

  private static Map<String, String> collectNeutralAddedKeys() {
    Map<String, String> all = new java.util.HashMap<>(ENGINE_NEUTRAL_ADDED_KEYS);
    for (ProblemFamily f : ProblemFamilies.all()) {
      all.putAll(f.neutralAddedKeys());
    }
    return Map.copyOf(all);
  }

  /**
   * Every key added after its section's first release, with its neutral value: the engine's and every registered
   * family's. At that value a key is left out of sweep trial ids (adding an option never renames the trials of an
   * existing sweep), and a stored run's config that predates the key reads it at that value ({@link
   * #withNeutralAddedKeys}).
   *
   * @return key → HOCON value
   */
  public static Map<String, String> neutralAddedKeys() {
    return ALL_NEUTRAL_ADDED_KEYS;
  }

  /**
   * A config stored by an earlier version (a run's {@code config.conf}) completed for this one: every neutral added
   * key it lacks, within a top-level section it has, at its neutral value (the behaviour from before the key), then
   * the defaults and its family's defaults for anything else.
   *
   * @param stored the stored config, unresolved
   * @return the completed, resolved config
   */
  public static Config withNeutralAddedKeys(Config stored) {
    Config c = stored;
    for (Map.Entry<String, String> e : neutralAddedKeys().entrySet()) {
      String key = e.getKey();
      String section = key.substring(0, key.indexOf('.'));
      if (stored.hasPath(section) && !stored.hasPath(key)) {
        c = c.withFallback(ConfigFactory.parseString(key + " = " + e.getValue()));
      }
    }
    return withFamilyDefaults(c.withFallback(defaults()).resolve());
  }

  /** {@code c} with the defaults of its plug-in family's section (unchanged for built-in problems). */
  static Config withFamilyDefaults(Config c) {
    if (!c.hasPath("problem")) {
      return c;
    }
    return ProblemFamilies.find(c.getString("problem"))
        .map(f -> c.withFallback(familyDefaults(f)).resolve()).orElse(c);
  }

  /**
   * @param file HOCON file (may be null for defaults only)
   * @param overrides "key=value" strings, applied last
   * @return the merged, resolved config
   * @throws UserError for a missing, unparsable or empty file, a malformed override, an unknown key, or a key that
   *     only another problem reads ({@link ProblemKeys})
   */
  public static Config load(Path file, List<String> overrides) {
    Config defaults = schema();
    Config user = ConfigFactory.empty();
    Map<String, String> given = new LinkedHashMap<>();
    if (file != null) {
      user = parseFile(file, "config");
      if (user.root().isEmpty()) {
        throw new UserError(file + ": no keys (an empty config; start from one in conf/)");
      }
      if (user.isEmpty()) {
        throw new UserError(file + ": the config is empty (no keys); start from one of the files in conf/");
      }
      rejectUnknown(user, defaults, file.toString());
      user.entrySet().forEach(e -> given.put(e.getKey(), file.toString()));
    }
    Config over = ConfigFactory.empty();
    for (String kv : overrides) {
      Config one = parseOverride(kv);
      rejectUnknown(one, defaults, "--set");
      one.entrySet().forEach(e -> given.put(e.getKey(), "--set"));
      over = one.withFallback(over);
    }
    Config merged;
    try {
      merged = withFamilyDefaults(over.withFallback(user).withFallback(defaults()).resolve());
    } catch (ConfigException e) {
      throw new UserError(message(e), e);
    }
    String problem = merged.hasPath("problem") ? stringOrNull(merged, "problem") : null;
    if (problem != null && ProblemFamilies.find(problem).isPresent()) {
      ProblemKeys.check(problem, given, merged, defaults);
    }
    return merged;
  }

  private static String stringOrNull(Config c, String key) {
    try {
      return c.getString(key);
    } catch (ConfigException e) {
      return null;
    }
  }

  /**
   * Parses a HOCON file (includes resolved relative to it, substitutions not yet resolved).
   *
   * @param what "config" or "sweep config", for the not-found message
   * @param file the file
   * @return the parsed config
   * @throws UserError naming the file for a missing file or a syntax, include or encoding error
   */
  public static Config parseFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": " + what + " file not found");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      String m = message(e);
      throw new UserError(m.startsWith(file.toString()) ? m : file + ": " + m, e);
    }
  }

  /**
   * One {@code --set key=value} as a config.
   *
   * @param kv {@code key=value}
   * @return a config holding that one key
   * @throws UserError naming the override when it is not key=value or its value does not parse
   */
  public static Config parseOverride(String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new UserError("--set " + kv + ": expected key=value");
    }
    String key = kv.substring(0, eq).trim();
    String value = kv.substring(eq + 1).trim();
    try {
      return ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value));
    } catch (ConfigException e) {
      throw new UserError("--set " + kv + ": " + message(e).replaceFirst("^String: \\d+: ", ""), e);
    }
  }

  /**
   * A config library message fit for one line: without Java exception class names (an include's I/O error
   * carries one) and without the include trace a cycle adds.
   *
   * @param e the error
   * @return the one-line message
   */
  public static String message(ConfigException e) {
    String m = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
    int trace = m.indexOf(" Trace: [");
    if (trace >= 0) {
      m = m.substring(0, trace);
    }
    return m.replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
  }

  /** Objects whose keys are the user's own (parameter-block names), checked where they are used. */
  private static final List<String> FREE_FORM = List.of("optimizer.lr-scale.");

  private static void rejectUnknown(Config user, Config defaults, String where) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (FREE_FORM.stream().anyMatch(key::startsWith)) {
        continue;
      }
      String section = SectionHint.sectionAbove(key, defaults);
      if (section != null) {
        throw new UserError(where + ": " + SectionHint.message(section, e.getValue(), defaults));
      }
      if (!defaults.hasPath(key)) {
        throw new UserError(where + ": unknown key '" + key + "'" + suggestion(key, defaults));
      }
    }
  }

  private static String suggestion(String key, Config defaults) {
    int dot = key.lastIndexOf('.');
    String prefix = dot < 0 ? "" : key.substring(0, dot);
    if (!prefix.isEmpty() && defaults.hasPath(prefix) && defaults.getValue(prefix) instanceof com.typesafe.config.ConfigObject o) {
      return " (known keys under " + prefix + ": " + String.join(", ", new java.util.TreeSet<>(o.keySet())) + ")";
    }
    return "";
  }

  /**
   * Reads a typed value, turning type errors into one-line {@link UserError}s naming the key.
   *
   * @param <T> the value type
   * @param c the config
   * @param key the key
   * @param expected what the key must hold, for the message (e.g. "a number")
   * @param getter reads the key from {@code c}
   * @return the value
   */
  public static <T> T get(Config c, String key, String expected, Function<String, T> getter) {
    try {
      return getter.apply(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new UserError(key + ": expected " + expected + ", got " + render(c, key));
    } catch (ConfigException.Missing e) {
      throw new UserError(key + ": missing");
    }
  }

  private static String render(Config c, String key) {
    try {
      return c.getValue(key).render(com.typesafe.config.ConfigRenderOptions.concise());
    } catch (ConfigException e) {
      return "an unreadable value";
    }
  }
}
