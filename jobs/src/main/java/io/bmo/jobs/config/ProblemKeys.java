package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.UserError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which problems read which keys, so that a key of one family given in another family's config (e.g.
 * {@code imaging.lower.tol} with {@code problem = quadratic}) is an error instead of being silently ignored.
 *
 * <p>A key of a family's section is read by the problems of the families whose defaults hold it (and that
 * {@link ProblemFamily#reads} it: {@code imaging.blur} is read by {@code deblur} only); a key of an engine section
 * that only some families read ({@link ProblemFamily#engineSections()}: {@code bmo}, {@code hypergradient}) by those
 * families' problems. Every other key ({@code name}, {@code problem}, {@code optimizer}, {@code train},
 * {@code algorithm}, {@code spark}) is read by every problem.
 *
 * <p>A key is rejected only when it is given explicitly with a value other than its default: a stored, fully
 * rendered config (every key at its default outside its own family's sections) passes unchanged.
 */
public final class ProblemKeys {
  private ProblemKeys() {}

  /**
   * The problems that read {@code key}, or null when every problem does.
   *
   * @param key a full key
   * @return the problem names
   */
  public static List<String> readers(String key) {
    String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    List<String> out = new ArrayList<>();
    boolean owned = false;
    for (ProblemFamily f : ProblemFamilies.all()) {
      if (f.engineSections().contains(section)) {
        owned = true;
        out.addAll(f.names());
      } else if (f.sections().contains(section)) {
        owned = true;
        if (ConfigLoader.familyDefaults(f).hasPath(key)) {
          f.names().stream().filter(n -> f.reads(n, key)).forEach(out::add);
        }
      }
    }
    return owned ? out : null;
  }

  /**
   * Rejects every key of {@code given} that {@code problem} does not read, unless its value in {@code config}
   * equals the default.
   *
   * @param given the keys the user wrote (file and overrides), each with where it came from (file or "--set")
   * @param config the merged, resolved config
   * @param defaults every known key with its default ({@link ConfigLoader#schema()})
   * @param problem the configured problem
   * @throws UserError naming the key, its source, the problems that read it and the configured one
   */
  public static void check(String problem, Map<String, String> given, Config config, Config defaults) {
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      List<String> readers = readers(key);
      if (readers == null || readers.contains(problem) || sameAsDefault(key, config, defaults)) {
        continue;
      }
      throw new UserError(e.getValue() + ": " + key + ": " + describe(readers) + "; this config's problem is '"
          + problem + "' (remove the key)");
    }
  }

  /**
   * "read only by problem X" / "read only by problems X, Y".
   *
   * @param readers problem names
   * @return the phrase
   */
  public static String describe(List<String> readers) {
    return "read only by problem" + (readers.size() > 1 ? "s " : " ") + String.join(", ", readers);
  }

  /**
   * Rejects keys of a sweep's {@code set} and {@code space} that the base config's {@code problem} never reads (every
   * trial would ignore them); skipped when the sweep sets or varies {@code problem} itself.
   *
   * @param problem the base config's problem
   * @param set the keys of the sweep's {@code set}
   * @param space the keys of the sweep's {@code space}
   * @throws UserError naming {@code set.<key>} or {@code space.<key>}
   */
  public static void checkSweep(String problem, Collection<String> set, Collection<String> space) {
    if (set.contains("problem") || space.contains("problem")) {
      return;
    }
    for (String section : List.of("set", "space")) {
      for (String key : section.equals("set") ? set : space) {
        List<String> readers = readers(key);
        if (readers != null && !readers.contains(problem)) {
          throw new UserError(section + "." + key + ": " + describe(readers) + "; the base config's problem is '"
              + problem + "'");
        }
      }
    }
  }

  private static boolean sameAsDefault(String key, Config config, Config defaults) {
    try {
      ConfigValue v = config.getValue(key);
      return defaults.hasPath(key) && v.equals(defaults.getValue(key));
    } catch (ConfigException e) {
      return false;
    }
  }
}
