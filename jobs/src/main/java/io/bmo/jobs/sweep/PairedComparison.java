package io.bmo.jobs.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Seed-paired comparison of each config with the best one: on the seeds both finished (a seed sets the same data and
 * minibatches for every config, so the objective values pair up), the two-sided p-value of the paired t-test,
 * t = d̄ / (s_d/√n) with n − 1 degrees of freedom, and of the Wilcoxon signed-rank test (exact null distribution for
 * n ≤ {@link #EXACT_MAX}, normal approximation above; zero differences are ranked with the rest, as commons-math3
 * does). Both from commons-math3. Fewer than two common seeds: NaN. All differences zero: p = 1 (the configs agree
 * on every seed).
 *
 * <p>summary.csv gets the columns {@code p_vs_best} (paired t), {@code p_vs_best_wilcoxon} and
 * {@code n_paired}, empty for the best config itself.
 */
public final class PairedComparison {
  /** Column of the paired t-test p-value. */
  public static final String P_T = "p_vs_best";
  /** Column of the Wilcoxon signed-rank p-value. */
  public static final String P_WILCOXON = "p_vs_best_wilcoxon";
  /** Column of the number of common finished seeds. */
  public static final String N_PAIRED = "n_paired";
  /** Largest n for which the Wilcoxon p-value is exact (commons-math3 enumerates up to 30). */
  static final int EXACT_MAX = 30;

  /** The two p-values on n common seeds. */
  public record Result(int n, double pT, double pWilcoxon) {}

  private PairedComparison() {}

  /**
   * Compares two configs' per-seed objective values on their common seeds with finite values in both.
   *
   * @param a seed → objective of one config; not modified
   * @param b seed → objective of the other; not modified
   * @return the paired t and Wilcoxon p-values and the number of common seeds
   */
  public static Result compare(Map<Long, Double> a, Map<Long, Double> b) {
    List<double[]> pairs = new ArrayList<>();
    for (Map.Entry<Long, Double> e : new TreeMap<>(a).entrySet()) {
      Double y = b.get(e.getKey());
      if (y != null && Double.isFinite(y) && Double.isFinite(e.getValue())) {
        pairs.add(new double[] {e.getValue(), y});
      }
    }
    int n = pairs.size();
    if (n < 2) {
      return new Result(n, Double.NaN, Double.NaN);
    }
    double[] x = new double[n];
    double[] y = new double[n];
    boolean allZero = true;
    for (int i = 0; i < n; i++) {
      x[i] = pairs.get(i)[0];
      y[i] = pairs.get(i)[1];
      allZero &= x[i] == y[i];
    }
    if (allZero) {
      return new Result(n, 1.0, 1.0);
    }
    double pT = new TTest().pairedTTest(x, y);
    double pW = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, n <= EXACT_MAX);
    return new Result(n, pT, pW);
  }

  /**
   * Seed → objective of each config's finished trials, by config id.
   *
   * @param rows every trial's row
   * @param objective the objective metric
   * @return config id → (seed → objective)
   */
  public static Map<String, Map<Long, Double>> bySeed(List<SweepTables.Row> rows, String objective) {
    Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
    for (SweepTables.Row r : rows) {
      Map<Long, Double> m = out.computeIfAbsent(r.spec().configId(), k -> new TreeMap<>());
      if (r.result().status() == TrialStatus.FINISHED) {
        m.put(r.spec().seed(), r.result().finals().getOrDefault(objective, Double.NaN));
      }
    }
    return out;
  }

  /**
   * Each config of the ranked summary against the first (the best), by config id; the best maps to null.
   *
   * @param summary the ranked configs, best first
   * @param rows every trial's row
   * @param objective the objective metric
   * @return config id → comparison with the best
   */
  public static Map<String, Result> againstBest(List<SweepTables.ConfigSummary> summary,
      List<SweepTables.Row> rows, String objective) {
    Map<String, Result> out = new LinkedHashMap<>();
    if (summary.isEmpty()) {
      return out;
    }
    Map<String, Map<Long, Double>> seeds = bySeed(rows, objective);
    Map<Long, Double> best = seeds.getOrDefault(summary.get(0).configId(), Map.of());
    for (SweepTables.ConfigSummary c : summary) {
      out.put(c.configId(), c == summary.get(0) ? null
          : compare(seeds.getOrDefault(c.configId(), Map.of()), best));
    }
    return out;
  }

  /**
   * summary.csv with the three paired-comparison columns appended (rows matched by {@code config_id}).
   *
   * @param table the summary table; not modified
   * @param vsBest config id → comparison with the best
   * @return a new table
   */
  public static CsvTable withColumns(CsvTable table, Map<String, Result> vsBest) {
    List<String> header = new ArrayList<>(table.header());
    header.addAll(List.of(P_T, P_WILCOXON, N_PAIRED));
    CsvTable out = new CsvTable(header);
    int id = table.column("config_id");
    for (List<String> row : table.rows()) {
      List<String> r = new ArrayList<>(row);
      Result p = vsBest.get(row.get(id));
      r.add(p == null ? "" : CsvTable.num(p.pT()));
      r.add(p == null ? "" : CsvTable.num(p.pWilcoxon()));
      r.add(p == null ? "" : Integer.toString(p.n()));
      out.add(r);
    }
    return out;
  }
}
