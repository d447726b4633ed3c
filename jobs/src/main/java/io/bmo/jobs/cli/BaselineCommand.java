package io.bmo.jobs.cli;

import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.FamilySetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baseline CONFIG}: the configured family's classical reference without learning ({@code FamilyRun#baseline};
 * for sparse coding ISTA and FISTA at the config's K with λ chosen on the first {@code --tune-examples} training
 * examples from a log grid), scored on the test set. The reference that learned models must beat.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = "The family's classical baseline, tuned without learning (sparse coding: ISTA/FISTA with a tuned "
        + "lambda).")
public final class BaselineCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG")
  Path configFile;
  @Option(names = "--set", description = "override a config key: key=value (repeatable)")
  List<String> sets = new ArrayList<>();
  @Option(names = "--lambdas", split = ",", description = "grid of the free parameter, e.g. λ (default: the "
      + "family's; sparse coding: 40 values log-spaced in [1e-4, 1])")
  double[] lambdas;
  @Option(names = "--tune-examples", defaultValue = "1024", description = "training examples used to tune")
  int tuneExamples;
  @Option(names = "--block-size", defaultValue = "256")
  int blockSize;

  @Override
  public Integer call() {
    TrainConfig cfg = TrainConfig.from(ConfigLoader.load(configFile, sets));
    FamilySetup setup = FamilySetup.create(cfg);
    if (tuneExamples < 1 || blockSize < 1) {
      throw new UserError("--tune-examples and --block-size must be >= 1");
    }
    Map<String, Object> res;
    try {
      res = setup.run().baseline(lambdas, tuneExamples, blockSize, System.err::println);
    } catch (UnsupportedOperationException e) {
      throw new UserError("problem: " + cfg.problemName() + " has no baseline", e);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    System.out.println(Json.write(res));
    return 0;
  }
}
