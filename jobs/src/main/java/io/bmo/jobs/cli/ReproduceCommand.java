package io.bmo.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.reproduce.Comparison;
import io.bmo.jobs.reproduce.Reproducer;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.run.StoredRun;
import io.bmo.jobs.run.TrainRun;
import io.bmo.jobs.spark.SparkRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reproduce DIR}: re-runs a training run or sweep trial from its stored {@code config.conf} into a new
 * directory and reports whether the new ω is bit-identical to the stored {@code omega/} — or the largest relative
 * difference and the likely reason (BLAS, JVM, build or shard count differing from {@code manifest.json}). The run
 * uses the executor its config names ({@code spark.executor}) unless {@code --executor} says otherwise; by design
 * both give the same bits. Exit status 0 when identical, 1 when not.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = "Re-run a run or sweep trial and check that omega is bit-identical.")
public final class ReproduceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_OR_TRIAL_DIR", description = "run or trial directory (any Hadoop URI)")
  String dir;
  @Option(names = "--out", description = "directory for the re-run (default: a temporary directory, deleted after)")
  String out;
  @Option(names = "--executor", description = "local or spark (default: the run's spark.executor)")
  String executor;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit (default local[*])")
  String master;

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    RunStore stored = StoredRun.open(dir, hadoop);
    Reproducer.Stored s = Reproducer.load(stored, hadoop);
    TrainConfig cfg = s.config();
    String kind = executor != null ? executor : cfg.executor();
    if (!kind.equals("local") && !kind.equals("spark")) {
      throw new UserError("--executor: expected local or spark, got '" + kind + "'");
    }
    Path tmp = out == null ? Files.createTempDirectory("bmo-reproduce") : null;
    String target = out != null ? out : tmp.toString();
    RunStore fresh = new RunStore(target, hadoop);
    if (fresh.nonEmpty()) {
      throw new UserError(target + ": output directory exists and is not empty");
    }
    SparkRuntime spark = kind.equals("spark") ? SparkRuntime.start("bmo reproduce " + cfg.name(), master) : null;
    try {
      int threads = cfg.train().threads() > 0 ? cfg.train().threads() : Runtime.getRuntime().availableProcessors();
      try (ShardExecutor ex = spark != null
          ? spark.executor(s.setup().problem(), s.setup().trainPlan(), s.setup().testPlan(), cfg.name(),
              cfg.train().partitions(), cfg.train().stepsPerJob())
          : new LocalExecutor(s.setup().problem(), s.setup().trainPlan(), s.setup().testPlan(), threads)) {
        System.err.println("bmo reproduce: " + stored.uri() + " on " + ex.describe() + " -> " + fresh.uri());
        TrainRun.Result r = TrainRun.run(cfg, s.setup(), fresh, ex, spark != null ? spark.master()
            : "none (single JVM)", null, null);
        JsonNode now = Reproducer.manifest(fresh);
        Comparison c = Comparison.of(r.omega(), s.omega());
        Map<String, String> diff = Reproducer.environmentDifferences(s.manifest(), now);
        String reason = Reproducer.reason(c, diff);
        System.err.println(c.bitIdentical()
            ? "bmo reproduce: omega is bit-identical (" + r.omega().length + " entries)"
            : String.format(Locale.ROOT, "bmo reproduce: omega differs in %d of %d entries, max relative difference"
                + " %.3e; likely reason: %s", c.mismatches(), r.omega().length, c.maxRelDiff(), reason));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("run_dir", stored.uri());
        j.put("reproduced_dir", tmp != null ? null : fresh.uri());
        j.put("bit_identical", c.bitIdentical());
        j.put("entries", r.omega().length);
        j.put("mismatches", c.mismatches());
        j.put("max_abs_diff", c.maxAbsDiff());
        j.put("max_rel_diff", c.maxRelDiff());
        j.put("environment_differences", diff);
        j.put("reason", reason);
        System.out.println(Json.write(j));
        return c.bitIdentical() ? 0 : 1;
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
