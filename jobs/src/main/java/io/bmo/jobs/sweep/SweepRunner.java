package io.bmo.jobs.sweep;

import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Runs a sweep into a directory: plans the trials, skips those with a {@code trial.json}, runs the rest
 * trial-parallel (one Spark task per trial, single-JVM trainer on one thread) or data-parallel (each trial a
 * distributed run, {@code concurrent-trials} at once from driver threads, each in its own Spark job group), then
 * writes {@code trials.csv}/{@code .parquet}, {@code steps.parquet}, {@code summary.csv} and {@code sweep.json}.
 *
 * <p>Layout: {@code sweep.conf} + {@code base.conf} (what {@code --resume} reads), {@code trials/<trial id>/} (a run
 * directory each, plus trial.json), the tables.
 */
public final class SweepRunner {
  /**
   * What a sweep did; {@code json} is the final stdout line.
   *
   * @param json the fields of the final stdout line
   * @param rows every trial's row
   * @param summary the ranked configs
   */
  public record Outcome(Map<String, Object> json, List<SweepTables.Row> rows,
      List<SweepTables.ConfigSummary> summary) {}

  private SweepRunner() {}

  /**
   * The execution mode for a plan: the configured one, or by the largest trial's estimated single-core time.
   *
   * @param sc the sweep config
   * @param plan the trials
   * @return the mode
   */
  public static SweepConfig.Mode mode(SweepConfig sc, List<TrialSpec> plan) {
    if (sc.execution().mode() != SweepConfig.Mode.AUTO) {
      return sc.execution().mode();
    }
    double max = plan.stream().filter(s -> s.invalidReason() == null).mapToDouble(TrialSpec::estimatedSeconds)
        .max().orElse(0);
    return max > sc.execution().trialParallelMaxSeconds() ? SweepConfig.Mode.DATA_PARALLEL
        : SweepConfig.Mode.TRIAL_PARALLEL;
  }

  /**
   * Runs (or continues) the sweep in {@code outUri}.
   *
   * @param log progress lines (stderr in the CLI)
   * @param sc the sweep config
   * @param outUri the sweep directory (Hadoop URI)
   * @param spark the Spark runtime the trials run on
   * @return what the sweep did
   * @throws Exception when the sweep cannot be run or its files cannot be written
   */
  public static Outcome run(SweepConfig sc, String outUri, SparkRuntime spark, PrintStream log) throws Exception {
    long started = System.nanoTime();
    Configuration hadoop = new Configuration();
    RunStore store = new RunStore(outUri, hadoop);
    List<TrialSpec> plan = SweepPlan.build(sc);
    SweepConfig.Mode mode = mode(sc, plan);
    store.mkdirs();
    store.writeString("sweep.conf", sc.rendered() + "\n");
    store.writeString("base.conf", sc.base().root().render(
        com.typesafe.config.ConfigRenderOptions.concise().setFormatted(true)) + "\n");

    WaveSchedule schedule = WaveSchedule.of(sc);
    Waves waves = new Waves(store);
    log.printf(Locale.ROOT, "bmo sweep: %s: %d configs x %d seeds planned up front, %s -> %s%n",
        sc.name(), plan.size() / sc.seeds().size(), sc.seeds().size(), mode.id(), store.uri());
    long execStart = System.nanoTime();
    double trialSeconds = 0;
    int w = 0;
    for (List<TrialSpec> next = schedule.next(waves.rows()); !next.isEmpty(); next = schedule.next(waves.rows())) {
      w++;
      int firstIndex = waves.plan().size();
      List<TrialSpec> wave = waves.add(next);
      PruneRule rule = sc.pruning().enabled() ? reference(waves.plan(), waves.results(), firstIndex, sc) : null;
      if (wave.isEmpty()) {
        continue;
      }
      List<Tuple2<TrialResult, Double>> done = mode == SweepConfig.Mode.TRIAL_PARALLEL
          ? trialParallel(spark, store.uri(), wave, rule, sc.name() + " wave " + w, log)
          : dataParallel(spark, store.uri(), wave, rule, sc.execution().concurrentTrials(), log);
      for (int i = 0; i < done.size(); i++) {
        TrialSpec s = wave.get(i);
        TrialResult r = done.get(i)._1();
        if (!r.trialId().equals(s.trialId())) {
          throw new IllegalStateException("result order mismatch: " + r.trialId() + " vs " + s.trialId());
        }
        waves.results().set(s.index(), r);
        trialSeconds += done.get(i)._2();
      }
    }
    double execWall = (System.nanoTime() - execStart) / 1e9;
    plan = waves.plan();
    int skipped = waves.skipped();
    int ran = plan.size() - skipped;

    List<SweepTables.Row> rows = waves.rows();
    List<SweepTables.ConfigSummary> summary =
        schedule.rank(SweepTables.summarize(rows, sc.objective(), sc.minimize()));
    SweepOutputs.writeTables(spark, store, rows, summary, sc);

    int slots = Math.min(spark.context().defaultParallelism(), Math.max(1, ran));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sweep_dir", store.uri());
    json.put("mode", mode.id());
    json.put("trials_planned", plan.size());
    json.put("trials_run", ran);
    json.put("trials_skipped", skipped);
    json.put("trials_failed", rows.stream().filter(r -> r.result().status().failed()).count());
    json.put("trials_pruned", rows.stream().filter(r -> r.result().status() == TrialStatus.PRUNED).count());
    json.put("waves", w);
    json.put("best", SweepOutputs.best(summary, sc));
    json.put("seconds", (System.nanoTime() - started) / 1e9);
    json.put("execution_seconds", execWall);
    json.put("trial_seconds", trialSeconds);
    json.put("task_slots", slots);
    json.put("overhead_fraction", mode == SweepConfig.Mode.TRIAL_PARALLEL && ran > 0
        ? Math.max(0, 1 - trialSeconds / (execWall * slots)) : null);
    json.put("depth_curves", SweepOutputs.evaluateBestTables(spark, store, rows, summary, log));
    Map<String, Object> manifest = new LinkedHashMap<>(json);
    manifest.put("master", spark.master());
    manifest.put("task_slots", spark.context().defaultParallelism());
    manifest.put("objective", Map.of("metric", sc.objective(), "goal", sc.minimize() ? "minimize" : "maximize"));
    manifest.put("seeds", sc.seeds());
    manifest.put("swept_keys", SweepTables.sweptKeys(rows));
    store.writeString("sweep.json", Json.pretty(manifest));
    return new Outcome(json, rows, summary);
  }

  /** The stored outcome of a trial, or null when it has not finished. */
  static TrialResult load(RunStore store, TrialSpec s) throws IOException {
    String rel = s.dir() + "/trial.json";
    if (!store.exists(rel)) {
      return null;
    }
    String csv = store.exists(s.dir() + "/metrics.csv")
        ? new String(store.read(s.dir() + "/metrics.csv"), StandardCharsets.UTF_8) : "";
    TrialResult r = TrialResult.fromJson(new String(store.read(rel), StandardCharsets.UTF_8), csv);
    if (!r.trialId().equals(s.trialId())) {
      throw new IOException(store.uri() + "/" + rel + ": trial id " + r.trialId() + ", expected " + s.trialId());
    }
    return r;
  }

  /** Pruning reference: losses of the finished trials planned before {@code firstIndex} (earlier waves). */
  private static PruneRule reference(List<TrialSpec> plan, List<TrialResult> results, int firstIndex,
      SweepConfig sc) throws IOException {
    List<double[]> losses = new ArrayList<>();
    for (TrialSpec s : plan) {
      TrialResult r = results.get(s.index());
      if (s.index() < firstIndex && r != null && r.status() == TrialStatus.FINISHED && !r.metricsCsv().isEmpty()) {
        losses.add(io.bmo.jobs.run.MetricsLog.fromCsv(r.metricsCsv(), s.dir()).rows().stream()
            .mapToDouble(io.bmo.core.train.Trainer.StepMetrics::loss).toArray());
      }
    }
    return PruneRule.of(losses, sc.pruning().warmupSteps(), sc.pruning().minTrials());
  }

  /**
   * One Spark job, one task per trial. Each result is paired with the wall time of the whole trial call inside its
   * task (everything the task does for the trial, trial.json included): the "trial work" of the overhead figure.
   */
  /**
   * Estimated seconds of trial work per Spark task in trial-parallel mode: tiny trials are grouped (contiguously, so
   * results keep their order) so that the per-task cost of scheduling and (de)serialisation stays around 1 % of it.
   */
  private static final double TARGET_TASK_SECONDS = 0.5;
  /** At least this many tasks per slot, so the last tasks of a wave leave little idle time. */
  private static final int MIN_TASKS_PER_SLOT = 16;

  /** Number of Spark tasks for a wave of trials. */
  static int trialTasks(List<TrialSpec> specs, int slots) {
    double total = 0;
    for (TrialSpec s : specs) {
      total += Math.max(0, s.estimatedSeconds());
    }
    int byWork = (int) Math.ceil(total / TARGET_TASK_SECONDS);
    return Math.max(1, Math.min(specs.size(), Math.max(MIN_TASKS_PER_SLOT * Math.max(1, slots), byWork)));
  }

  private static List<Tuple2<TrialResult, Double>> trialParallel(SparkRuntime spark, String uri,
      List<TrialSpec> specs, PruneRule rule, String label, PrintStream log) {
    JavaSparkContext jsc = spark.context();
    jsc.setJobGroup("bmo-sweep", "bmo sweep " + label + ": " + specs.size() + " trials", false);
    int tasks = trialTasks(specs, jsc.defaultParallelism());
    log.printf(Locale.ROOT, "bmo sweep: %s: %d trials in %d Spark tasks%n", label, specs.size(), tasks);
    Progress progress = new Progress(tasks, label, log);
    jsc.sc().addSparkListener(progress);
    try {
      return jsc.parallelize(specs, tasks).map(s -> {
        long t0 = System.nanoTime();
        TrialResult r = TrialRunner.runLocal(s, uri, rule);
        return new Tuple2<>(r, (System.nanoTime() - t0) / 1e9);
      }).collect();
    } finally {
      jsc.sc().removeSparkListener(progress);
      progress.done();
    }
  }

  private static List<Tuple2<TrialResult, Double>> dataParallel(SparkRuntime spark, String uri, List<TrialSpec> specs,
      PruneRule rule, int concurrent, PrintStream log) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrent, r -> {
      Thread t = new Thread(r, "bmo-sweep-trial");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger finished = new AtomicInteger();
    try {
      List<Future<Tuple2<TrialResult, Double>>> fs = new ArrayList<>();
      for (TrialSpec s : specs) {
        fs.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          TrialResult r = TrialRunner.run(s, uri, "spark", spark.master(), rule,
              (setup, name) -> spark.executor(setup.problem(), setup.trainPlan(), setup.testPlan(), name));
          log.printf(Locale.ROOT, "bmo sweep: trial %s (%d/%d) %s in %.1f s%n", s.trialId(),
              finished.incrementAndGet(), specs.size(), r.status().id(), r.seconds());
          return new Tuple2<>(r, (System.nanoTime() - t0) / 1e9);
        }));
      }
      List<Tuple2<TrialResult, Double>> out = new ArrayList<>();
      for (Future<Tuple2<TrialResult, Double>> f : fs) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Prints "k/N trials done" at most every 10 s while a trial-parallel job runs. */
  private static final class Progress extends SparkListener {
    private final int total;
    private final String label;
    private final PrintStream log;
    private final AtomicInteger ended = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong taskMillis = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong runMillis = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong deserMillis = new java.util.concurrent.atomic.AtomicLong();
    private final long t0 = System.nanoTime();
    private volatile long lastPrint = System.nanoTime();

    Progress(int total, String label, PrintStream log) {
      this.total = total;
      this.label = label;
      this.log = log;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      int k = ended.incrementAndGet();
      taskMillis.addAndGet(end.taskInfo().duration());
      if (end.taskMetrics() != null) {
        runMillis.addAndGet(end.taskMetrics().executorRunTime());
        deserMillis.addAndGet(end.taskMetrics().executorDeserializeTime());
      }
      long now = System.nanoTime();
      if (now - lastPrint > 10_000_000_000L) {
        lastPrint = now;
        double el = (now - t0) / 1e9;
        log.printf(Locale.ROOT, "bmo sweep: %s: %d/%d tasks done, %.0f s, ETA %.0f s%n", label, k, total, el,
            el / k * (total - k));
      }
    }

    void done() {
      log.printf(Locale.ROOT, "bmo sweep: %s: %d trials done in %.1f s (Spark task time %.1f s: run %.1f s,"
          + " deserialize %.1f s)%n", label, total, (System.nanoTime() - t0) / 1e9, taskMillis.get() / 1e3,
          runMillis.get() / 1e3, deserMillis.get() / 1e3);
    }
  }
}
