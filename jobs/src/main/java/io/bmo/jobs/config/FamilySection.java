package io.bmo.jobs.config;

import com.typesafe.config.Config;
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
 */
public record FamilySection(String name, SectionConfig config, EngineSettings engine) implements Serializable {
  /** The registered family answering to {@link #name()}. */
  public ProblemFamily family() {
    return ProblemFamilies.find(name).orElseThrow(() -> new UserError("problem: no family answers to '" + name + "'"));
  }

  static FamilySection from(Config c, String name, TrainConfig.Train t) {
    ProblemFamily f = ProblemFamilies.find(name).orElseThrow();
    String section = f.section();
    if (!c.hasPath(section)) {
      throw new UserError(section + ": missing (the section of problem '" + name + "'; is "
          + f.defaultsResource() + " on the class path?)");
    }
    EngineSettings engine = new EngineSettings(t.steps(), t.batchSize(), t.shards(), t.blockSize(), t.evalEvery());
    return new FamilySection(name, new SectionConfig(section, c.getConfig(section).atPath(section)), engine);
  }

  /** {@link FamilyConfig} over one section of a typesafe {@link Config}; type errors are one-line UserErrors. */
  public record SectionConfig(String section, Config config) implements FamilyConfig, Serializable {
    @Override
    public String string(String key) {
      return TrainConfig.str(config, section + "." + key);
    }

    @Override
    public double number(String key) {
      return TrainConfig.num(config, section + "." + key);
    }

    @Override
    public long integer(String key) {
      return TrainConfig.lng(config, section + "." + key);
    }

    @Override
    public java.util.List<Image> images(String key) {
      String spec = string(key);
      if (spec.isEmpty()) {
        return java.util.List.of();
      }
      return io.bmo.jobs.run.ImageInputs.read(spec, section + "." + key, new org.apache.hadoop.conf.Configuration())
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
        throw new io.bmo.core.family.FamilyConfigException(section + "." + key, e.getMessage());
      }
    }
  }
}
