package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.bmo.jobs.io.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one trial, as stored in {@code trials/<id>/trial.json} (written last, atomically: its presence marks
 * the trial done) and returned from a Spark task.
 *
 * @param finals final metrics in column order: {@code final_loss}, {@code grad_norm}, then the problem's metrics
 *     (last finite value of each); empty for invalid trials
 * @param steps completed outer steps
 * @param seconds wall time of the trial's own work (config, data, training, its files)
 * @param metricsCsv the per-step metrics CSV of the trial (not stored in trial.json; read from metrics.csv)
 */
public record TrialResult(String trialId, TrialStatus status, String reason, long steps, double seconds,
    Map<String, Double> finals, String metricsCsv) implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrialResult {
    finals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finals));
  }

  /** The JSON of trial.json (with the spec's identity and swept values). */
  public String toJson(TrialSpec spec) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("trial_id", trialId);
    f.put("config_id", spec.configId());
    f.put("seed", spec.seed());
    f.put("swept", spec.swept());
    f.put("status", status.id());
    f.put("reason", reason);
    f.put("steps", steps);
    f.put("seconds", seconds);
    f.put("metric_names", new ArrayList<>(finals.keySet()));
    f.put("metrics", finals);
    return Json.pretty(f);
  }

  /** Parses trial.json; {@code metricsCsv} is supplied by the caller (may be empty). */
  public static TrialResult fromJson(String json, String metricsCsv) {
    Config c = ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    Map<String, Double> finals = new LinkedHashMap<>();
    List<String> names = c.getStringList("metric_names");
    Config m = c.getConfig("metrics");
    for (String n : names) {
      String q = com.typesafe.config.ConfigUtil.quoteString(n);
      finals.put(n, m.hasPath(q) ? m.getDouble(q) : Double.NaN);
    }
    String reason = c.hasPath("reason") ? c.getString("reason") : null;
    return new TrialResult(c.getString("trial_id"), TrialStatus.parse(c.getString("status")), reason,
        c.getLong("steps"), c.getDouble("seconds"), finals, metricsCsv);
  }
}
