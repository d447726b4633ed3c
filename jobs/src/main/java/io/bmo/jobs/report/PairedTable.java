package io.bmo.jobs.report;

import io.bmo.jobs.sweep.CsvTable;
import io.bmo.jobs.sweep.PairedComparison;
import java.util.List;

/**
 * The paired-comparison section of a sweep report: per config, its p-values against the best config on their common
 * seeds (columns {@link PairedComparison#P_T}, {@link PairedComparison#P_WILCOXON}, {@link PairedComparison#N_PAIRED}
 * of summary.csv). Summaries written before these columns existed get no section.
 */
final class PairedTable {
  private PairedTable() {}

  /**
   * Appends the section to {@code html} (modified).
   *
   * @param swept the swept-key columns shown to identify a config
   */
  static void append(StringBuilder html, CsvTable summary, List<String> swept) {
    int pt = summary.column(PairedComparison.P_T);
    int pw = summary.column(PairedComparison.P_WILCOXON);
    int np = summary.column(PairedComparison.N_PAIRED);
    if (pt < 0 || pw < 0 || np < 0) {
      return;
    }
    html.append("<h2>Paired comparison with the best config (common seeds)</h2>\n<p>Two-sided p-values of the paired"
        + " t-test and of the Wilcoxon signed-rank test (exact up to 30 pairs) on the seeds both configs finished;"
        + " small p: the difference to the best config is unlikely to be seed noise.</p>\n<table>\n<tr><th>rank</th>"
        + "<th>config</th>");
    for (String k : swept) {
      html.append("<th>").append(Report.esc(k)).append("</th>");
    }
    html.append("<th>common seeds</th><th>p (paired t)</th><th>p (Wilcoxon)</th></tr>\n");
    for (List<String> r : summary.rows()) {
      html.append("<tr><td>").append(Report.esc(r.get(0))).append("</td><td>").append(Report.esc(r.get(1)))
          .append("</td>");
      for (String k : swept) {
        html.append("<td>").append(Report.esc(r.get(summary.column(k)))).append("</td>");
      }
      boolean best = r.get(pt).isEmpty() && r.get(np).isEmpty();
      html.append("<td>").append(best ? "best" : Report.esc(r.get(np))).append("</td><td>")
          .append(Report.esc(p(r.get(pt)))).append("</td><td>").append(Report.esc(p(r.get(pw)))).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static String p(String cell) {
    return cell.isEmpty() ? "" : String.format(java.util.Locale.ROOT, "%.3g", Double.parseDouble(cell));
  }
}
