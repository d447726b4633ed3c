package io.bmo.jobs.sweep;

import io.bmo.jobs.run.RunStore;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a finished sweep writes besides its trials: {@code trials.csv}/{@code .parquet}, {@code steps.parquet},
 * {@code summary.csv}, the best config for the final JSON line, and the family's evaluation table in the trials of
 * the best configs.
 */
final class SweepOutputs {
  private SweepOutputs() {}

  /** Configs whose trials get the family's evaluation table (e.g. test NMSE against layers, for the report). */
  private static final int DEPTH_CURVE_CONFIGS = 3;

  /**
   * Writes the family's evaluation table (e.g. {@code nmse_vs_layers.csv}: depths 1…256 and K, μ = 0) into each
   * finished trial of the best {@link #DEPTH_CURVE_CONFIGS} configs that does not have one yet; returns how many were
   * written.
   */
  static int evaluateBestTables(SparkRuntime spark, RunStore store, List<SweepTables.Row> rows,
      List<SweepTables.ConfigSummary> summary, PrintStream log) throws IOException {
    java.util.Set<String> best = new java.util.HashSet<>();
    for (int i = 0; i < Math.min(DEPTH_CURVE_CONFIGS, summary.size()); i++) {
      best.add(summary.get(i).configId());
    }
    int written = 0;
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    for (SweepTables.Row r : rows) {
      if (!best.contains(r.spec().configId()) || r.result().status() != TrialStatus.FINISHED) {
        continue;
      }
      String dir = store.uri() + "/" + r.spec().dir();
      try {
        io.bmo.jobs.run.SettingEvaluation.Prepared prep = io.bmo.jobs.run.SettingEvaluation.prepare(dir, null, hadoop);
        if (store.exists(r.spec().dir() + "/" + prep.table().file())) {
          continue;
        }
        io.bmo.jobs.run.SettingEvaluation.run(prep, spark);
        written++;
      } catch (io.bmo.jobs.UserError e) {
        log.println("sweep: no depth curve for " + r.spec().trialId() + ": " + e.getMessage());
      }
    }
    return written;
  }

  static Map<String, Object> best(List<SweepTables.ConfigSummary> summary, SweepConfig sc) {
    if (summary.isEmpty() || summary.get(0).finished() == 0) {
      return null;
    }
    SweepTables.ConfigSummary b = summary.get(0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config_id", b.configId());
    m.put("values", b.swept());
    Stats st = b.stats().get(sc.objective());
    m.put("objective", sc.objective());
    m.put("mean", st == null ? null : st.mean());
    m.put("ci95", st == null ? null : java.util.Arrays.asList(st.ciLow(), st.ciHigh()));
    m.put("n", b.finished());
    return m;
  }

  static void writeTables(SparkRuntime spark, RunStore store, List<SweepTables.Row> rows,
      List<SweepTables.ConfigSummary> summary, SweepConfig sc) throws IOException {
    List<String> swept = SweepTables.sweptKeys(rows);
    CsvTable trials = SweepTables.trials(rows);
    store.writeString("trials.csv", trials.toCsv());
    Set<String> strings = new java.util.HashSet<>(swept);
    strings.addAll(List.of("trial_id", "config_id", "status", "reason"));
    writeParquet(spark.session(), trials, store.uri() + "/trials.parquet", strings, Set.of("seed", "steps"));
    writeParquet(spark.session(), SweepTables.steps(rows), store.uri() + "/steps.parquet",
        Set.of("trial_id", "config_id"), Set.of("seed", "step", "examples"));
    store.writeString("summary.csv", PairedComparison.withColumns(SweepTables.summaryTable(summary, swept,
        sc.objective()), PairedComparison.againstBest(summary, rows, sc.objective())).toCsv());
  }

  /** Writes a table as one Parquet file (directory); columns are doubles unless named in strings or longs. */
  static void writeParquet(SparkSession session, CsvTable table, String uri, Set<String> strings, Set<String> longs) {
    StructType schema = new StructType();
    List<DataType> types = new ArrayList<>();
    for (String h : table.header()) {
      DataType t = strings.contains(h) ? DataTypes.StringType
          : longs.contains(h) ? DataTypes.LongType : DataTypes.DoubleType;
      types.add(t);
      schema = schema.add(h, t, true);
    }
    List<Row> out = new ArrayList<>();
    for (List<String> r : table.rows()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        String s = r.get(i);
        DataType t = types.get(i);
        v[i] = t == DataTypes.StringType ? s : s.isEmpty() ? null
            : t == DataTypes.LongType ? (Object) Long.parseLong(s) : (Object) CsvTable.number(s);
      }
      out.add(RowFactory.create(v));
    }
    session.createDataFrame(out, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(uri);
  }
}
