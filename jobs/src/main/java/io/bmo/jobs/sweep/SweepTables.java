package io.bmo.jobs.sweep;

import io.bmo.jobs.run.MetricsLog;
import io.bmo.core.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The result tables of a sweep, built from the plan and the trial outcomes (in plan order, so the tables do not
 * depend on which trials ran in this invocation): {@code trials} (one row per trial), {@code steps} (per-step
 * metrics of every trial) and {@code summary} (per config, over seeds, ranked by the objective).
 */
public final class SweepTables {
  /** Column of trials.csv that holds wall time (the only column that differs between identical sweeps). */
  public static final String SECONDS = "seconds";

  /** A planned trial and its outcome. */
  public record Row(TrialSpec spec, TrialResult result) {}

  private SweepTables() {}

  /**
   * Swept keys in column order (from the first trial).
   *
   * @param rows every trial's row
   * @return the keys
   */
  public static List<String> sweptKeys(List<Row> rows) {
    return rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).spec().swept().keySet());
  }

  /**
   * Final-metric names, union over trials in first-seen order.
   *
   * @param rows every trial's row
   * @return the names
   */
  public static List<String> metricNames(List<Row> rows) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (Row r : rows) {
      names.addAll(r.result().finals().keySet());
    }
    return new ArrayList<>(names);
  }

  /**
   * trials.csv: trial_id, config_id, swept keys, seed, status, reason, steps, final metrics, seconds.
   *
   * @param rows every trial's row
   * @return the table
   */
  public static CsvTable trials(List<Row> rows) {
    List<String> swept = sweptKeys(rows);
    List<String> metrics = metricNames(rows);
    List<String> header = new ArrayList<>(List.of("trial_id", "config_id"));
    header.addAll(swept);
    header.addAll(List.of("seed", "status", "reason", "steps"));
    header.addAll(metrics);
    header.add(SECONDS);
    CsvTable t = new CsvTable(header);
    for (Row r : rows) {
      List<String> row = new ArrayList<>(List.of(r.spec().trialId(), r.spec().configId()));
      for (String k : swept) {
        row.add(r.spec().swept().get(k));
      }
      row.add(Long.toString(r.spec().seed()));
      row.add(r.result().status().id());
      row.add(r.result().reason() == null ? "" : r.result().reason());
      row.add(Long.toString(r.result().steps()));
      for (String m : metrics) {
        row.add(CsvTable.num(r.result().finals().getOrDefault(m, Double.NaN)));
      }
      row.add(CsvTable.num(r.result().seconds()));
      t.add(row);
    }
    return t;
  }

  /**
   * Per-step metrics of every trial: trial_id, config_id, seed, then the metrics.csv columns.
   *
   * @param rows every trial's row
   * @return the table
   * @throws IOException when a trial's metrics cannot be parsed
   */
  public static CsvTable steps(List<Row> rows) throws IOException {
    List<String> names = new ArrayList<>();
    List<MetricsLog> logs = new ArrayList<>();
    for (Row r : rows) {
      MetricsLog m = r.result().metricsCsv() == null || r.result().metricsCsv().isEmpty() ? new MetricsLog()
          : MetricsLog.fromCsv(r.result().metricsCsv(), r.spec().dir() + "/metrics.csv");
      logs.add(m);
      for (String n : m.names()) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    List<String> header = new ArrayList<>(List.of("trial_id", "config_id", "seed", "step", "loss", "grad_norm"));
    header.addAll(names);
    header.addAll(List.of("examples", SECONDS));
    CsvTable t = new CsvTable(header);
    for (int i = 0; i < rows.size(); i++) {
      TrialSpec s = rows.get(i).spec();
      for (Trainer.StepMetrics m : logs.get(i).rows()) {
        List<String> row = new ArrayList<>(List.of(s.trialId(), s.configId(), Long.toString(s.seed()),
            Long.toString(m.step()), CsvTable.num(m.loss()), CsvTable.num(m.gradNorm())));
        for (String n : names) {
          row.add(CsvTable.num(m.value(n)));
        }
        row.add(Long.toString(m.examples()));
        row.add(CsvTable.num(m.seconds()));
        t.add(row);
      }
    }
    return t;
  }

  /** One config's seed-aggregated results. */
  public record ConfigSummary(String configId, int configIndex, Map<String, String> swept, int finished, int failed,
      int pruned, Map<String, Stats> stats) {
    /**
     * Whether every seed finished.
     *
     * @return whether no seed failed or was pruned, and at least one finished
     */
    public boolean complete() {
      return failed == 0 && pruned == 0 && finished > 0;
    }
  }

  /**
   * Per config, over its seeds (finished trials only): stats of every final metric. Ranked: configs whose seeds all
   * finished first, then those with some diverged/invalid/pruned seeds, then those with none finished; within each
   * group by the objective's mean (ascending for minimize), ties by config order.
   *
   * @param rows every trial's row
   * @param objective the objective metric
   * @param minimize whether smaller is better
   * @return the configs, best first
   */
  public static List<ConfigSummary> summarize(List<Row> rows, String objective, boolean minimize) {
    Map<String, List<Row>> byConfig = new LinkedHashMap<>();
    for (Row r : rows) {
      byConfig.computeIfAbsent(r.spec().configId(), k -> new ArrayList<>()).add(r);
    }
    List<String> metrics = metricNames(rows);
    List<ConfigSummary> out = new ArrayList<>();
    for (List<Row> rs : byConfig.values()) {
      int fin = 0;
      int failed = 0;
      int pruned = 0;
      for (Row r : rs) {
        TrialStatus st = r.result().status();
        fin += st == TrialStatus.FINISHED ? 1 : 0;
        failed += st.failed() ? 1 : 0;
        pruned += st == TrialStatus.PRUNED ? 1 : 0;
      }
      Map<String, Stats> stats = new LinkedHashMap<>();
      for (String m : metrics) {
        double[] xs = rs.stream().filter(r -> r.result().status() == TrialStatus.FINISHED)
            .mapToDouble(r -> r.result().finals().getOrDefault(m, Double.NaN)).toArray();
        stats.put(m, Stats.of(xs));
      }
      TrialSpec s = rs.get(0).spec();
      out.add(new ConfigSummary(s.configId(), s.configIndex(), s.swept(), fin, failed, pruned, stats));
    }
    Comparator<ConfigSummary> byGroup = Comparator.comparingInt(c -> c.complete() ? 0 : c.finished() > 0 ? 1 : 2);
    Comparator<ConfigSummary> byObjective = Comparator.comparingDouble(c -> {
      Stats st = c.stats().get(objective);
      double v = st == null ? Double.NaN : st.mean();
      return Double.isNaN(v) ? Double.POSITIVE_INFINITY : minimize ? v : -v;
    });
    out.sort(byGroup.thenComparing(byObjective).thenComparingInt(ConfigSummary::configIndex));
    return out;
  }

  /**
   * summary.csv: rank, config_id, swept keys, n, n_failed, n_pruned, then mean/std/ci95 of each metric.
   *
   * @param summary the ranked configs
   * @param swept the swept keys, in column order
   * @param objective the objective metric
   * @return the table
   */
  public static CsvTable summaryTable(List<ConfigSummary> summary, List<String> swept, String objective) {
    List<String> metrics = new ArrayList<>();
    if (!summary.isEmpty()) {
      metrics.addAll(summary.get(0).stats().keySet());
    }
    if (metrics.remove(objective)) {
      metrics.add(0, objective);
    }
    List<String> header = new ArrayList<>(List.of("rank", "config_id"));
    header.addAll(swept);
    header.addAll(List.of("n", "n_failed", "n_pruned"));
    for (String m : metrics) {
      header.addAll(List.of(m + "_mean", m + "_std", m + "_ci95_lo", m + "_ci95_hi"));
    }
    CsvTable t = new CsvTable(header);
    int rank = 1;
    for (ConfigSummary c : summary) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), c.configId()));
      for (String k : swept) {
        row.add(c.swept().get(k));
      }
      row.addAll(List.of(Integer.toString(c.finished()), Integer.toString(c.failed()), Integer.toString(c.pruned())));
      for (String m : metrics) {
        Stats s = c.stats().get(m);
        row.addAll(List.of(CsvTable.num(s.mean()), CsvTable.num(s.std()), CsvTable.num(s.ciLow()),
            CsvTable.num(s.ciHigh())));
      }
      t.add(row);
    }
    return t;
  }
}
