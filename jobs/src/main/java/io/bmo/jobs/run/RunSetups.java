package io.bmo.jobs.run;

import io.bmo.jobs.config.TrainConfig;
import org.apache.hadoop.conf.Configuration;

/** Picks the {@link RunSetup} of the configured problem family (built-in, or a registered plug-in). */
public final class RunSetups {
  private RunSetups() {}

  /** Builds the setup; reads and validates every input (throws UserError naming the key or file). */
  public static RunSetup create(TrainConfig cfg, Configuration hadoop) {
    return switch (cfg.problem()) {
      case SPARSE_CODING -> SparseCodingSetup.create(cfg, hadoop);
      case PLUGIN -> FamilySetup.create(cfg);
    };
  }
}
