package io.bmo.jobs.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.FamilySetup;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.StoredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Reading what a run (or sweep trial) directory says about how it was produced, and explaining a difference: the
 * stored {@code config.conf} (the full resolved config) rebuilds the same {@link FamilySetup}; {@code manifest.json}
 * records the BLAS, JVM, Spark version, commit and shard count that are compared with this process.
 */
public final class Reproducer {
  /** The stored run: its config, setup, final ω and manifest. */
  public record Stored(TrainConfig config, FamilySetup setup, double[] omega, JsonNode manifest) {}

  private Reproducer() {}

  /**
   * Loads the run in {@code dir}; throws UserError when it is not a finished run directory.
   *
   * @param store the run directory
   * @param hadoop the Hadoop configuration
   * @return its config, setup, ω and manifest
   * @throws IOException when a file cannot be read
   */
  public static Stored load(RunStore store, Configuration hadoop) throws IOException {
    if (!store.exists("config.conf")) {
      throw new UserError(store.uri() + ": not a run or trial directory (no config.conf)");
    }
    TrainConfig cfg = StoredRun.trainConfig(store);
    FamilySetup setup = FamilySetup.create(cfg);
    JsonNode manifest;
    try {
      manifest = store.exists("manifest.json") ? manifest(store) : MissingNode.getInstance();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    if (!store.exists("omega")) {
      String status = text(manifest, "status");
      status = status == null ? "unknown" : status;
      throw new UserError(store.uri() + ": no final omega/ to compare with (run status: " + status + ")");
    }
    double[] omega = StoredRun.omega(store, "omega", setup.problem().layout());
    return new Stored(cfg, setup, omega, manifest);
  }

  /** Manifest fields compared between the stored and the reproduced run. */
  public static final java.util.List<String> ENVIRONMENT = java.util.List.of("blas", "java_version", "java_vendor",
      "spark_version", "git_commit", "project_version", "shards");

  /**
   * {@link #ENVIRONMENT} fields whose values differ (stored value → reproduced value); absent fields are skipped.
   *
   * @param stored the stored run's manifest
   * @param reproduced the reproduced run's manifest
   * @return field → "stored -> reproduced"
   */
  public static Map<String, String> environmentDifferences(JsonNode stored, JsonNode reproduced) {
    Map<String, String> diff = new LinkedHashMap<>();
    for (String k : ENVIRONMENT) {
      String was = text(stored, k);
      String now = text(reproduced, k);
      if (was != null && now != null) {
        if (!was.equals(now)) {
          diff.put(k, was + " -> " + now);
        }
      }
    }
    return diff;
  }

  /**
   * The {@code manifest.json} of a run directory.
   *
   * @param store the run directory
   * @return the parsed manifest
   * @throws IOException when it cannot be read
   */
  public static JsonNode manifest(RunStore store) throws IOException {
    return Json.parse(new String(store.read("manifest.json"), StandardCharsets.UTF_8), store.uri() + "/manifest.json");
  }

  /** Field {@code k} of a JSON object as text (a number as its JSON text), or null when absent or null. */
  static String text(JsonNode o, String k) {
    JsonNode v = o.path(k);
    return v.isMissingNode() || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }

  /**
   * The likely reason for a difference, from the environment differences.
   *
   * @param c the comparison of ω
   * @param diff the environment differences
   * @return the reason, one line
   */
  public static String reason(Comparison c, Map<String, String> diff) {
    if (c.bitIdentical()) {
      return "bit-identical";
    }
    if (diff.containsKey("blas")) {
      return "a different BLAS (" + diff.get("blas") + "): kernels sum in a different order";
    }
    if (diff.containsKey("git_commit") || diff.containsKey("project_version")) {
      return "a different build of bmo (" + diff.getOrDefault("git_commit", diff.get("project_version")) + ")";
    }
    if (diff.containsKey("java_version") || diff.containsKey("java_vendor")) {
      return "a different JVM (" + diff.getOrDefault("java_version", diff.get("java_vendor"))
          + "): JIT vectorization or Math intrinsics may round differently";
    }
    if (diff.containsKey("shards")) {
      return "a different shard count (" + diff.get("shards") + "): the fold order changed";
    }
    return "same BLAS, JVM, build and shard count, yet different: check OPENBLAS_NUM_THREADS (multithreaded BLAS"
        + " is not deterministic) and whether the stored run was resumed across versions";
  }
}
