package io.bmo.jobs.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.param.ParamLayout;
import io.bmo.datasets.io.DataFormatException;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reading what an earlier run left in its directory ({@code config.conf}, {@code omega/}, checkpoints) for
 * {@code train --resume}, {@code evaluate} and {@code reproduce}. A directory that is not a run, or one whose files
 * are damaged, is the user's input: every failure is a one-line {@link UserError} naming the directory or file, so
 * the command exits with status 2 before it starts Spark or writes anything.
 */
public final class StoredRun {
  private StoredRun() {}

  /**
   * Opens {@code dir} and checks it holds a {@code config.conf}.
   *
   * @param dir a local path or Hadoop URI
   * @param hadoop the Hadoop configuration
   * @return the run directory
   * @throws UserError when the directory cannot be opened or is not a run directory
   */
  public static RunStore open(String dir, Configuration hadoop) {
    RunStore store;
    try {
      store = new RunStore(dir, hadoop);
      if (!store.exists()) {
        throw new UserError(dir + ": no such run directory");
      }
      if (!store.exists("config.conf")) {
        throw new UserError(dir + ": not a run directory (no config.conf)");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(dir + ": cannot open run directory: " + oneLine(e.getMessage()), e);
    }
    return store;
  }

  /**
   * The run's {@code config.conf} over the defaults; a config written before a key was added reads that key at the
   * value that reproduces the behaviour from before it ({@link ConfigLoader#withNeutralAddedKeys}).
   *
   * @param store the run directory
   * @return the config
   * @throws UserError naming the file when it cannot be read or parsed
   */
  public static Config config(RunStore store) {
    String file = store.uri() + "/config.conf";
    try {
      String text = new String(store.read("config.conf"), StandardCharsets.UTF_8);
      return ConfigLoader.withNeutralAddedKeys(
          ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(file)));
    } catch (ConfigException e) {
      throw new UserError(ConfigLoader.message(e), e);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * The run's validated training config.
   *
   * @param store the run directory
   * @return the config
   * @throws UserError naming {@code config.conf} and the offending key
   */
  public static TrainConfig trainConfig(RunStore store) {
    return trainConfig(store, List.of());
  }

  /**
   * The run's validated training config with {@code evaluate --set} overrides of its family's evaluation keys
   * ({@code ProblemFamily#evaluationKeys}); any other key is refused, so ω is always evaluated by the model it was
   * trained for.
   *
   * @param store the run directory
   * @param overrides {@code key=value} strings
   * @return the config
   * @throws UserError naming the override that is malformed or not an evaluation key, or the offending key
   */
  public static TrainConfig trainConfig(RunStore store, List<String> overrides) {
    Config c = config(store);
    if (!overrides.isEmpty()) {
      String problem = c.hasPath("problem") ? c.getString("problem") : "";
      java.util.Set<String> allowed = ProblemFamilies.find(problem).map(ProblemFamily::evaluationKeys)
          .orElse(java.util.Set.of());
      Config over = ConfigFactory.empty();
      for (String kv : overrides) {
        Config one = ConfigLoader.parseOverride(kv);
        for (String key : one.entrySet().stream().map(java.util.Map.Entry::getKey).toList()) {
          if (!allowed.contains(key)) {
            throw new UserError("--set " + kv + ": " + key + " is not an evaluation key of problem " + problem
                + (allowed.isEmpty() ? " (it has none)" : " (evaluation keys: " + String.join(", ",
                    new java.util.TreeSet<>(allowed)) + ")") + "; the keys a run was trained with stay as stored");
          }
        }
        over = one.withFallback(over);
      }
      try {
        c = over.withFallback(c).resolve();
      } catch (ConfigException e) {
        throw new UserError(ConfigLoader.message(e), e);
      }
    }
    try {
      return TrainConfig.from(c);
    } catch (UserError e) {
      throw new UserError(store.uri() + "/config.conf: " + e.getMessage(), e);
    }
  }

  /**
   * ω stored under {@code rel} (e.g. {@code omega}) with the layout's blocks and shapes.
   *
   * @param store the run directory
   * @param rel the directory of ω relative to the run directory
   * @param layout the blocks
   * @return ω
   * @throws UserError naming the damaged or missing file
   */
  public static double[] omega(RunStore store, String rel, ParamLayout layout) {
    try {
      return store.readOmega(rel, layout);
    } catch (DataFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(store.uri() + "/" + rel + ": cannot read: " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * The latest complete checkpoint, or null when there is none.
   *
   * @param store the run directory
   * @param layout the blocks of ω
   * @return the checkpoint, or null
   * @throws UserError naming the damaged file
   */
  public static RunStore.Checkpoint latestCheckpoint(RunStore store, ParamLayout layout) {
    try {
      return store.latestCheckpoint(layout);
    } catch (DataFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(store.uri() + "/checkpoints: cannot read the latest checkpoint: "
          + oneLine(e.getMessage()), e);
    }
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replace('\n', ' ').replace('\r', ' ');
  }
}
