package io.bmo.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bmo.jobs.UserError;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.sweep.CsvTable;
import io.bmo.jobs.sweep.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.text.StringEscapeUtils;

/**
 * {@code DIR/report/index.html} with figures (each as PNG, shown, and SVG, linked), for a sweep directory
 * (trials.csv + summary.csv) or a single run directory (metrics.csv): convergence of the upper loss and of the test NMSE (mean ± std band over seeds for the
 * best configs), test NMSE vs layers where {@code nmse_vs_layers.csv} files exist, the seed spread of the objective
 * per config, and the summary table. Reads local directories only; needs no Spark.
 */
public final class Report {
  /** Configs drawn in the convergence and layer plots (the best by rank). */
  static final int TOP_CONFIGS = 6;
  /** Configs drawn in the seed-spread plot. */
  static final int SPREAD_CONFIGS = 60;

  private Report() {}

  /**
   * Writes the report; returns the index.html path.
   *
   * @param dir a run or sweep directory
   * @return the page written
   * @throws IOException when the directory cannot be read or a file cannot be written
   */
  public static Path write(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("trials.csv")) && Files.isRegularFile(dir.resolve("summary.csv"))) {
      ReportInputs.checkSweep(dir);
      return sweep(dir);
    }
    if (Files.isRegularFile(dir.resolve("metrics.csv"))) {
      ReportInputs.checkRun(dir);
      return run(dir);
    }
    throw new UserError(dir + ": neither a sweep directory (trials.csv, summary.csv) nor a run directory"
        + " (metrics.csv)");
  }

  private static Path sweep(Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("report"));
    CsvTable trials = CsvTable.parse(Files.readString(dir.resolve("trials.csv")));
    CsvTable summary = CsvTable.parse(Files.readString(dir.resolve("summary.csv")));
    JsonNode sweep = json(dir.resolve("sweep.json"));
    String objective = sweep.path("objective").path("metric").isTextual()
        ? sweep.path("objective").path("metric").asText()
        : summary.header().size() > 6 ? summary.header().get(6).replace("_mean", "") : "test_nmse_db";
    List<String> swept = new ArrayList<>();
    for (int i = 2; i < summary.header().size() && !summary.header().get(i).equals("n"); i++) {
      swept.add(summary.header().get(i));
    }
    Map<String, List<List<String>>> trialsByConfig = new LinkedHashMap<>();
    for (List<String> r : trials.rows()) {
      trialsByConfig.computeIfAbsent(r.get(trials.column("config_id")), k -> new ArrayList<>()).add(r);
    }
    LineChart loss = new LineChart("Upper loss φ (mean ± std over seeds), best configs", "step", "φ", false);
    Panels panels = Panels.of(Panels.problemIn(dir.resolve("base.conf")), " (mean ± std over seeds), best configs");
    SpreadChart spread = new SpreadChart("Seed spread of " + objective + " per config (rank order; bar = mean,"
        + " whisker = 95 % CI)", objective);
    int rank = 0;
    for (List<String> s : summary.rows()) {
      String id = s.get(1);
      String label = "#" + s.get(0) + " " + label(swept, s.subList(2, 2 + swept.size()));
      List<List<String>> ts = trialsByConfig.getOrDefault(id, List.of());
      List<String> finished = ts.stream().filter(t -> t.get(trials.column("status")).equals("finished"))
          .map(t -> t.get(0)).toList();
      if (rank < SPREAD_CONFIGS) {
        double[] vals = finished.stream().mapToDouble(t -> objectiveOf(trials, t, objective)).toArray();
        Stats st = Stats.of(vals);
        spread.add(new SpreadChart.Column(label, vals, st.mean(), st.ciLow(), st.ciHigh()));
      }
      if (rank < TOP_CONFIGS && !finished.isEmpty()) {
        List<MetricsLog> logs = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (String t : finished) {
          Path td = dir.resolve("trials").resolve(t);
          logs.add(RunDirs.metrics(td));
          dirs.add(td);
        }
        loss.add(Curves.meanBand(label, logs, "loss"));
        panels.add(label, logs, dirs);
      }
      rank++;
    }
    StringBuilder html = head("bmo sweep report: " + dir.getFileName());
    html.append("<p>Sweep directory <code>").append(esc(dir.toAbsolutePath().toString())).append("</code>: ")
        .append(trials.rows().size()).append(" trials, ").append(summary.rows().size()).append(" configs; ")
        .append(esc(statusCounts(trials))).append(". Objective <code>").append(esc(objective)).append("</code>")
        .append(sweep.path("objective").path("goal").isTextual()
            ? " (" + esc(sweep.path("objective").path("goal").asText()) + ")" : "")
        .append("; configs ranked by its mean over seeds (configs with failed or pruned seeds after complete ones).")
        .append("</p>\n");
    image(html, out, "convergence_loss.png", loss, null);
    panels.write((file, chart, whenEmpty) -> image(html, out, file, chart, whenEmpty));
    spread.write(out.resolve("seed_spread.png"));
    html.append("<h2>Seed spread</h2>\n").append(Figures.html("seed_spread.png"));
    DimensionView.append(html, out, trials, swept, objective);
    html.append("<h2>Summary (per config over seeds)</h2>\n");
    summaryTable(html, summary, swept, objective);
    PairedTable.append(html, summary, swept);
    failures(html, trials);
    Path index = out.resolve("index.html");
    Files.writeString(index, html.append("</body></html>\n").toString());
    return index;
  }

  private static Path run(Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("report"));
    MetricsLog m = RunDirs.metrics(dir);
    JsonNode manifest = json(dir.resolve("manifest.json"));
    String name = manifest.path("name").isTextual() ? manifest.path("name").asText() : dir.getFileName().toString();
    StringBuilder html = head("bmo run report: " + name);
    html.append("<p>Run directory <code>").append(esc(dir.toAbsolutePath().toString())).append("</code></p>\n");
    image(html, out, "convergence_loss.png", new LineChart("Upper loss φ", "step", "φ", false)
        .add(Curves.meanBand(name, List.of(m), "loss")), null);
    Panels panels = Panels.of(manifest.path("problem").isTextual() ? manifest.path("problem").asText() : null,
        "");
    panels.add(name, List.of(m), List.of(dir));
    panels.write((file, chart, whenEmpty) -> image(html, out, file, chart, whenEmpty));
    html.append("<h2>Final metrics</h2>\n<table>\n");
    Map<String, Object> facts = new LinkedHashMap<>();
    io.bmo.jobs.sweep.TrialRunner.finals(m).forEach((k, v) -> facts.put(k, v));
    facts.put("steps", m.rows().size());
    for (String k : List.of("status", "seconds", "executor", "master", "blas", "git_commit", "java_version",
        "spark_version", "start_time", "end_time")) {
      JsonNode v = manifest.path(k);
      if (!v.isMissingNode() && !v.isNull()) {
        facts.put(k, v.isFloatingPointNumber() ? (Object) v.doubleValue() : v.isTextual() ? v.asText() : v.toString());
      }
    }
    facts.forEach((k, v) -> html.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(fmt(v)))
        .append("</td></tr>\n"));
    html.append("</table>\n");
    Path index = out.resolve("index.html");
    Files.writeString(index, html.append("</body></html>\n").toString());
    return index;
  }

  private static void image(StringBuilder html, Path out, String file, LineChart chart, String whenEmpty)
      throws IOException {
    if (chart.isEmpty()) {
      if (whenEmpty != null) {
        html.append("<p class=\"note\">").append(whenEmpty).append("</p>\n");
      }
      return;
    }
    chart.write(out.resolve(file));
    html.append(Figures.html(file));
  }

  private static double objectiveOf(CsvTable trials, String trialId, String objective) {
    int c = trials.column(objective);
    for (List<String> r : trials.rows()) {
      if (r.get(0).equals(trialId)) {
        return c < 0 ? Double.NaN : CsvTable.number(r.get(c));
      }
    }
    return Double.NaN;
  }

  /**
   * "lista-tied mu=0.2 layers=8 …": non-numeric values alone and first (usually the model choice, the most telling part
   * when a label is cut), then numeric ones as key=value with the key shortened to its last segment.
   */
  static String label(List<String> keys, List<String> values) {
    List<String> words = new ArrayList<>();
    List<String> numeric = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      boolean text = Double.isNaN(CsvTable.number(values.get(i)));
      (text ? words : numeric).add(text ? values.get(i) : k.substring(k.lastIndexOf('.') + 1) + "=" + values.get(i));
    }
    words.addAll(numeric);
    return String.join(" ", words);
  }

  private static String statusCounts(CsvTable trials) {
    Map<String, Integer> n = new TreeMap<>();
    for (List<String> r : trials.rows()) {
      n.merge(r.get(trials.column("status")), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    n.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  private static void summaryTable(StringBuilder html, CsvTable summary, List<String> swept, String objective) {
    html.append("<table>\n<tr><th>rank</th><th>config</th>");
    for (String k : swept) {
      html.append("<th>").append(esc(k)).append("</th>");
    }
    html.append("<th>n</th><th>failed</th><th>pruned</th><th>").append(esc(objective))
        .append(" mean</th><th>std</th><th>95 % CI</th><th>final φ mean</th></tr>\n");
    for (List<String> r : summary.rows()) {
      html.append("<tr>");
      for (int i = 0; i < 2 + swept.size(); i++) {
        html.append("<td>").append(esc(r.get(i))).append("</td>");
      }
      for (String c : List.of("n", "n_failed", "n_pruned")) {
        html.append("<td>").append(esc(r.get(summary.column(c)))).append("</td>");
      }
      html.append("<td>").append(num(summary, r, objective + "_mean")).append("</td><td>")
          .append(num(summary, r, objective + "_std")).append("</td><td>[")
          .append(num(summary, r, objective + "_ci95_lo")).append(", ")
          .append(num(summary, r, objective + "_ci95_hi")).append("]</td><td>")
          .append(num(summary, r, "final_loss_mean")).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void failures(StringBuilder html, CsvTable trials) {
    int st = trials.column("status");
    int re = trials.column("reason");
    List<List<String>> bad = trials.rows().stream().filter(r -> !r.get(st).equals("finished")).toList();
    if (bad.isEmpty()) {
      return;
    }
    html.append("<h2>Trials not finished</h2>\n<table>\n<tr><th>trial</th><th>status</th><th>reason</th></tr>\n");
    for (List<String> r : bad) {
      html.append("<tr><td>").append(esc(r.get(0))).append("</td><td>").append(esc(r.get(st))).append("</td><td>")
          .append(esc(r.get(re))).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static String num(CsvTable t, List<String> r, String col) {
    int c = t.column(col);
    if (c < 0) {
      return "";
    }
    double v = CsvTable.number(r.get(c));
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String fmt(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v);
  }

  /** The JSON object in {@code f}, or a missing node when there is no such file. */
  private static JsonNode json(Path f) throws IOException {
    return Files.isRegularFile(f) ? Json.parse(Files.readString(f), f.toString()) : MissingNode.getInstance();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
            + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;"
            + "text-align:right}th{background:#f3f3f3}img{margin:1em 0;border:1px solid #ddd}"
            + ".note{color:#777}</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
  }

  /** {@code s} as HTML text or attribute value (HTML 4 entities, commons-text); null as empty. */
  static String esc(String s) {
    return s == null ? "" : StringEscapeUtils.escapeHtml4(s);
  }
}
