package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.UserError;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which problems read which keys, so that a key of one family given in another family's config (e.g.
 * {@code imaging.lower.tol} with {@code problem = quadratic}) is an error instead of being silently ignored.
 *
 * <p>Owners: {@code model}, {@code bmo}, {@code hypergradient} and the file/synthetic keys of {@code data} belong to
 * {@code sparse-coding}; {@code imaging} and the image keys of {@code data} to {@code denoise} and {@code deblur}
 * ({@code imaging.blur} to {@code deblur} only); {@code data.seed}, {@code data.test-seed},
 * {@code data.train-examples} and {@code data.test-examples} to all three; a plug-in family's section to that family. Every other key ({@code name}, {@code problem}, {@code optimizer},
 * {@code train}, {@code algorithm}, {@code spark}) is read by every problem.
 *
 * <p>A key is rejected only when it is given explicitly with a value other than its default: a stored, fully
 * rendered config (every key at its default outside its own family's sections) passes unchanged.
 */
public final class ProblemKeys {
  private static final List<String> SPARSE = List.of("sparse-coding");
  private static final List<String> IMAGING = List.of("denoise", "deblur");
  private static final List<String> DATA_SHARED = List.of("sparse-coding", "denoise", "deblur");
  private static final Set<String> SPARSE_DATA = Set.of("source", "m", "n", "p", "snr-db", "dictionary",
      "train-signals", "train-codes", "test-signals", "test-codes");
  private static final Set<String> IMAGING_DATA = Set.of("images", "test-images", "crop-size", "crop-stride",
      "noise-sigma");

  private ProblemKeys() {}

  /** The problems that read {@code key}, or null when every problem does. */
  public static List<String> readers(String key) {
    String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    String rest = key.substring(section.length()).replaceFirst("^\\.", "");
    switch (section) {
      case "model", "bmo", "hypergradient":
        return SPARSE;
      case "imaging":
        return rest.equals("blur") || rest.startsWith("blur.") ? List.of("deblur") : IMAGING;
      case "data":
        String k = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return SPARSE_DATA.contains(k) ? SPARSE : IMAGING_DATA.contains(k) ? IMAGING : DATA_SHARED;
      default:
        for (ProblemFamily f : ProblemFamilies.all()) {
          if (f.section().equals(section)) {
            return f.names();
          }
        }
        return null;
    }
  }

  /**
   * Rejects every key of {@code given} that {@code problem} does not read, unless its value in {@code config}
   * equals the default.
   *
   * @param given the keys the user wrote (file and overrides), each with where it came from (file or "--set")
   * @param config the merged, resolved config
   * @param defaults every known key with its default ({@link ConfigLoader#schema()})
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

  /** "read only by problem X" / "read only by problems X, Y". */
  public static String describe(List<String> readers) {
    return "read only by problem" + (readers.size() > 1 ? "s " : " ") + String.join(", ", readers);
  }

  /**
   * Rejects keys of a sweep's {@code set} and {@code space} that the base config's {@code problem} never reads (every
   * trial would ignore them); skipped when the sweep sets or varies {@code problem} itself.
   *
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
