package io.bmo.jobs.run;

import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.aggregate.ReproducibleSum;
import io.bmo.core.blas.Blas;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** {@code manifest.json}: what produced a run, so it can be reproduced. */
public final class Manifest {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /**
   * @param familySeeds the family's seeds, recorded before the engine's {@code minibatch} seed
   * @param cfg the run's config
   * @param master the Spark master or "local"
   * @param shards the training set's shards
   */
  public Manifest(TrainConfig cfg, Map<String, Object> familySeeds, String master, int shards) {
    fields.put("name", cfg.name());
    fields.put("status", "running");
    fields.put("config", new Json.Raw(com.typesafe.config.ConfigFactory.parseString(cfg.rendered()).root()
        .render(com.typesafe.config.ConfigRenderOptions.concise())));
    fields.put("problem", cfg.problemName());
    Map<String, Object> seeds = new LinkedHashMap<>(familySeeds);
    seeds.put("minibatch", cfg.train().seed());
    fields.put("seeds", seeds);
    fields.put("shards", shards);
    // How per-shard sums become a step's sum; results depend on the scheme, never on partitions or merge order.
    Map<String, Object> reduction = new LinkedHashMap<>();
    reduction.put("scheme", ReproducibleStepSum.SCHEME);
    reduction.put("bin_bits", ReproducibleSum.W);
    reduction.put("fold", ReproducibleSum.FOLD);
    reduction.put("order_independent", true);
    fields.put("reduction", reduction);
    fields.put("project_version", projectVersion());
    fields.put("git_commit", gitCommit());
    fields.put("java_version", System.getProperty("java.version"));
    fields.put("java_vendor", System.getProperty("java.vendor"));
    fields.put("spark_version", sparkVersion());
    fields.put("blas", Blas.implementation());
    fields.put("master", master);
    fields.put("start_time", Instant.now().toString());
  }

  /**
   * Sets a field.
   *
   * @param key the field
   * @param value its JSON value
   */
  public void put(String key, Object value) {
    fields.put(key, value);
  }

  /**
   * Records the final status and the end time.
   *
   * @param status e.g. finished or diverged
   */
  public void finish(String status) {
    fields.put("status", status);
    fields.put("end_time", Instant.now().toString());
  }

  /**
   * Writes {@code manifest.json} into the run directory.
   *
   * @param store the run directory
   * @throws IOException when it cannot be written
   */
  public void write(RunStore store) throws IOException {
    store.writeString("manifest.json", Json.pretty(fields));
  }

  static String projectVersion() {
    try (InputStream in = Manifest.class.getResourceAsStream("/bmo-build.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException ignored) {
      // fall through
    }
    return "unknown";
  }

  /** The commit recorded at build time, else asked of git in the working directory, else null. */
  static String gitCommit() {
    try (InputStream in = Manifest.class.getResourceAsStream("/bmo-build.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String c = p.getProperty("git.commit", "");
        if (!c.isBlank() && !c.startsWith("$")) {
          return c;
        }
      }
    } catch (IOException ignored) {
      // fall through
    }
    try {
      Process pr = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return pr.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static String sparkVersion() {
    try {
      return (String) Class.forName("org.apache.spark.package$").getField("MODULE$").getType()
          .getMethod("SPARK_VERSION").invoke(Class.forName("org.apache.spark.package$").getField("MODULE$").get(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
