package io.bmo.jobs.run;

import io.bmo.jobs.config.TrainConfig;
import org.apache.hadoop.conf.Configuration;

/** Builds the {@link RunSetup} of the configured problem family (a registered {@code ProblemFamily} service). */
public final class RunSetups {
  private RunSetups() {}

  /** Builds the setup; reads and validates every input (throws UserError naming the key or file). */
  public static FamilySetup create(TrainConfig cfg, Configuration hadoop) {
    return FamilySetup.create(cfg);
  }
}
