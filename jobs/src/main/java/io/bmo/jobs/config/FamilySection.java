package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.jobs.UserError;
import java.io.Serializable;

/**
 * The part of a {@code train} config that belongs to a plug-in {@link ProblemFamily}: the configured problem name,
 * the family's section (keys read with their full names, so errors name {@code section.key}) and the engine settings
 * it may use. The family itself is looked up again on each {@link #family()} call (services are not serializable).
 *
 * @param name the configured problem
 * @param config the family's sections
 * @param engine the engine settings a family may use
 * @serial exclude
 */
public record FamilySection(String name, SectionConfig config, EngineSettings engine) implements Serializable {
  /**
   * The registered family answering to {@link #name()}.
   *
   * @return the family
   */
  public ProblemFamily family() {
    return ProblemFamilies.find(name).orElseThrow(() -> new UserError("problem: no family answers to '" + name + "'"));
  }

  static FamilySection from(Config c, String name, TrainConfig.Train t, io.bmo.core.family.UnrolledSettings unrolled) {
    ProblemFamily f = ProblemFamilies.find(name).orElseThrow();
    Config own = ConfigFactory.empty();
    for (String section : f.sections()) {
      if (!c.hasPath(section)) {
        throw new UserError(section + ": missing (a section of problem '" + name + "'; is "
            + f.defaultsResource() + " on the class path?)");
      }
      own = own.withFallback(c.getConfig(section).atPath(section));
    }
    EngineSettings engine = new EngineSettings(t.steps(), t.batchSize(), t.shards(), t.blockSize(), t.evalEvery(),
        unrolled);
    // one section: keys relative to it; several: full keys
    String prefix = f.sections().size() == 1 ? f.sections().get(0) : "";
    FamilySection s = new FamilySection(name, new SectionConfig(prefix, own), engine);
    try {
      f.validate(name, s.config(), engine);
    } catch (io.bmo.core.family.FamilyConfigException e) {
      throw new UserError(e.getMessage(), e);
    }
    return s;
  }

  /**
   * {@link FamilyConfig} over one section of a typesafe {@link Config}; type errors are one-line UserErrors.
   *
   * @param section the prefix of the keys ("" for full keys)
   * @param config the config holding the section
   * @serial exclude
   */
  public record SectionConfig(String section, Config config) implements FamilyConfig, Serializable {
    @Override
    public String string(String key) {
      return TrainConfig.str(config, key(key));
    }

    @Override
    public double number(String key) {
      return TrainConfig.num(config, key(key));
    }

    @Override
    public long integer(String key) {
      return TrainConfig.lng(config, key(key));
    }

    @Override
    public java.util.List<Image> images(String key) {
      String spec = string(key);
      if (spec.isEmpty()) {
        return java.util.List.of();
      }
      return io.bmo.jobs.run.ImageInputs.read(spec, key(key), new org.apache.hadoop.conf.Configuration())
          .stream().map(n -> new Image(n.name(), n.image().height(), n.image().width(), n.image().pixels()))
          .toList();
    }

    @Override
    public double[] trainedOmega(String key, io.bmo.core.param.ParamLayout layout) {
      String dir = string(key);
      try {
        io.bmo.jobs.run.RunStore store = io.bmo.jobs.run.StoredRun.open(dir,
            new org.apache.hadoop.conf.Configuration());
        if (!store.exists("omega")) {
          throw new UserError(dir + ": the run has no final omega/ (not finished?)");
        }
        return io.bmo.jobs.run.StoredRun.omega(store, "omega", layout);
      } catch (UserError | java.io.IOException e) {
        throw new io.bmo.core.family.FamilyConfigException(key(key), e.getMessage());
      }
    }

    @Override
    public Matrix matrix(String key, String column) {
      String file = string(key);
      io.bmo.datasets.io.NpyArray a = io.bmo.jobs.run.MatrixFiles.read(file, column,
          new org.apache.hadoop.conf.Configuration(), -1, -1);
      return new Matrix(file, a.shape()[0], a.shape()[1], a.data());
    }

    @Override
    public io.bmo.core.train.ExampleSource examples(String inputsKey, String inputsColumn, int inputDim,
        String targetsKey, String targetsColumn, int targetDim) {
      return io.bmo.jobs.run.ExampleFiles.pair(string(inputsKey), inputsColumn, inputDim, string(targetsKey),
          targetsColumn, targetDim, new org.apache.hadoop.conf.Configuration());
    }
  }
}
