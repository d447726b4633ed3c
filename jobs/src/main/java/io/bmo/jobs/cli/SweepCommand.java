package io.bmo.jobs.cli;

import io.bmo.jobs.UserError;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.spark.SparkRuntime;
import io.bmo.jobs.sweep.SweepConfig;
import io.bmo.jobs.sweep.SweepExtension;
import io.bmo.jobs.sweep.SweepPlan;
import io.bmo.jobs.sweep.SweepRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep}: many configs × many seeds of a training config on Spark (format: sweep-defaults.conf). Validates the
 * sweep config, the base config and every trial config before Spark starts; finished trials are skipped, so
 * re-running the same command, or {@code --resume DIR}, continues an interrupted sweep and a finished sweep re-run
 * runs nothing. Ends with one JSON line on stdout.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run a hyperparameter / seed sweep of a training config.")
public final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP_CONFIG", description = "HOCON sweep config")
  Path configFile;
  @Option(names = "--out", description = "sweep directory (local path or Hadoop URI); default runs/<time>-<name>")
  String out;
  @Option(names = "--resume", description = "continue the sweep in this directory with its stored sweep.conf")
  String resume;
  @Option(names = "--set", description = "override a sweep key (seeds=5, halving.eta=2) or a training key of the base"
      + " config (train.steps=50): key=value, repeatable")
  List<String> sets = new ArrayList<>();
  @Option(names = "--extend", description = "add seeds or budget to the finished sweep in this directory: --set"
      + " seeds=…, budget=… or adaptive-seeds.max-seeds=…; finished trials are not run again")
  String extend;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit (default local[*])")
  String master;

  @Override
  public Integer call() throws Exception {
    SweepConfig sc;
    String dir;
    if (extend != null) {
      if (configFile != null || out != null || resume != null) {
        throw new UserError("--extend takes the sweep's stored config: do not pass SWEEP_CONFIG, --out or --resume");
      }
      Path local = localCopy(extend);
      sc = SweepExtension.extend(SweepConfig.load(local.resolve("sweep.conf")), local.resolve("sweep.conf"), sets);
      dir = extend;
    } else if (resume != null) {
      if (configFile != null || out != null || !sets.isEmpty()) {
        throw new UserError("--resume takes the sweep's stored config: do not pass SWEEP_CONFIG, --set or --out");
      }
      Path local = localCopy(resume);
      sc = SweepConfig.load(local.resolve("sweep.conf"));
      dir = resume;
    } else {
      if (configFile == null) {
        throw new UserError("SWEEP_CONFIG is required (or --resume DIR)");
      }
      sc = SweepConfig.load(configFile, sets);
      dir = out != null ? out : "runs/" + LocalDateTime.now().format(
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + sc.name();
    }
    SweepPlan.requireValidTrial(SweepPlan.build(sc), configFile != null ? configFile.toString() : dir);
    SparkRuntime spark = SparkRuntime.start("bmo sweep " + sc.name(), master);
    try {
      SweepRunner.Outcome o = SweepRunner.run(sc, dir, spark, System.err);
      System.out.println(Json.write(o.json()));
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** sweep.conf and base.conf of a sweep directory on any Hadoop file system, copied to a local temp dir. */
  private static Path localCopy(String dir) throws Exception {
    RunStore store = new RunStore(dir, new Configuration());
    if (!store.exists("sweep.conf") || !store.exists("base.conf")) {
      throw new UserError(dir + ": not a sweep directory (no sweep.conf/base.conf)");
    }
    Path tmp = Files.createTempDirectory("bmo-sweep-resume");
    tmp.toFile().deleteOnExit();
    for (String f : new String[] {"sweep.conf", "base.conf"}) {
      Path p = tmp.resolve(f);
      Files.writeString(p, new String(store.read(f), StandardCharsets.UTF_8));
      p.toFile().deleteOnExit();
    }
    return tmp;
  }
}
