package io.bmo.core.family;

import java.util.List;
import java.util.Map;

/**
 * A problem family, registered as a {@link java.util.ServiceLoader} service. Implementations need a public no-argument
 * constructor and must be stateless: one instance answers for every run of the JVM.
 */
public interface ProblemFamily {
  /** Values of the config key {@code problem} this family answers to (lower case, at least one). */
  List<String> names();

  /** The config section it owns (e.g. {@code "ridge"}); its keys are given relative to it in {@link FamilyConfig}. */
  String section();

  /**
   * Every config section the family reads (default: {@link #section()} alone). A family with several sections gets
   * a {@link FamilyConfig} rooted at the top of the config: its keys are full keys such as {@code "data.seed"}.
   */
  default List<String> sections() {
    return List.of(section());
  }

  /**
   * The engine's optional sections this family reads ({@code bmo}, {@code hypergradient}: see
   * {@link UnrolledSettings}); a non-default key of these sections in the config of a family that does not read them
   * is rejected. Default: none.
   */
  default List<String> engineSections() {
    return List.of();
  }

  /**
   * Whether problem {@code problem} (one of {@link #names()}) reads {@code key}, a key of one of its sections; used to
   * reject keys that would be ignored. Default: every key of its sections.
   */
  default boolean reads(String problem, String key) {
    return true;
  }

  /**
   * Classpath resource (HOCON) holding every key of {@link #section()} with its default and a comment documenting
   * it; the engine merges it into its defaults, so an unknown key of the section is rejected by name.
   */
  String defaultsResource();

  /**
   * Parses and validates the section, reads and checks every input, and builds the run. Called before anything is
   * written or Spark is started.
   *
   * @param problem the configured value of {@code problem} (one of {@link #names()})
   * @param config the family's section
   * @param engine the engine settings a family may need to lay out its shards
   * @throws FamilyConfigException naming the key, for any bad value or input
   */
  FamilyRun create(String problem, FamilyConfig config, EngineSettings engine);

  /**
   * Whether this family's defaults are part of every run's config, whatever its problem. True only for the families
   * whose keys were in the engine's defaults before families were plug-ins: their rendered configs (stored in run
   * directories, hashed into sweep trial ids) stay the same. A new family keeps the default, false.
   */
  default boolean defaultsInEveryConfig() {
    return false;
  }

  /**
   * Keys of the family's sections added after its first release, each with the value that reproduces the behaviour
   * from before the key existed (rendered as HOCON, e.g. {@code "\"even\""} for a string). At that value a key is
   * left out of sweep trial ids, so adding an option never renames the trials of existing sweeps. Default: none.
   */
  default Map<String, String> neutralAddedKeys() {
    return Map.of();
  }

  /**
   * Checks every value of the family's sections without reading any input, so that a config (e.g. a sweep's trial)
   * can be rejected by key before anything runs; {@link #create} checks them again and reads the inputs. Default:
   * nothing to check.
   *
   * @throws FamilyConfigException naming the key, for any bad value
   */
  default void validate(String problem, FamilyConfig config, EngineSettings engine) {}

  /**
   * Keys (full paths, e.g. {@code "derain.self-ensemble"}) that change only how a finished run is evaluated, never its
   * training: {@code evaluate --set KEY=VALUE} may override them on a stored run. Default: none.
   */
  default java.util.Set<String> evaluationKeys() {
    return java.util.Set.of();
  }

  /** Headline metrics, in the order reports show them; their names are keys of the problem's per-step metrics. */
  List<Metric> headlineMetrics();

  /**
   * The config overrides that stand for {@code options} ({@code --name} → value) of a command's short form without a
   * config file (e.g. {@code hypergrad --model ista --dictionary A.npy …}), or null when this family has no short
   * form of {@code command}. Default: none.
   *
   * @throws IllegalArgumentException naming an unknown or missing option
   */
  default List<CommandOverride> commandOverrides(String command, java.util.Map<String, String> options) {
    return null;
  }

  /**
   * One config key set by a command's short form; errors about {@code key} then name {@code option} too.
   *
   * @param option the option it comes from, or null for a key the short form fixes
   * @param value HOCON value
   */
  record CommandOverride(String option, String key, String value) {}

  /** Report panels drawn from tables in run directories, after the headline metrics' panels. Default: none. */
  default List<TablePanel> reportTables() {
    return List.of();
  }

  /**
   * Single-core seconds of a run at {@code gflops} GFLOP/s, used to order sweep trials (0 = no estimate).
   *
   * @param config the family's section
   */
  default double estimatedSeconds(FamilyConfig config, EngineSettings engine, double gflops) {
    return 0;
  }
}
