package io.bmo.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.bmo.jobs.io.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param trialId the trial's id
 * @param status its terminal state
 * @param reason why it failed or was pruned (one line), or null
 * @serial exclude
 */
public record TrialResult(String trialId, TrialStatus status, String reason, long steps, double seconds,
    Map<String, Double> finals, String metricsCsv) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Freezes the metrics.
   *
   * @param trialId the trial's id
   * @param status its terminal state
   * @param reason why it failed or was pruned (one line), or null
   * @param steps completed outer steps
   * @param seconds wall time of the trial's own work
   * @param finals final metrics in column order
   * @param metricsCsv the per-step metrics CSV of the trial
   */
  public TrialResult {
    finals = Collections.unmodifiableMap(new LinkedHashMap<>(finals));
  }

  /**
   * The JSON of trial.json (with the spec's identity and swept values).
   *
   * @param spec the trial
   * @return the JSON text
   */
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

  /**
   * Parses trial.json; {@code metricsCsv} is supplied by the caller (may be empty).
   *
   * @param json the JSON text of trial.json
   * @param metricsCsv the per-step metrics CSV (may be empty)
   * @return the result
   */
  public static TrialResult fromJson(String json, String metricsCsv) {
    JsonNode c = Json.parse(json, "trial.json");
    Map<String, Double> finals = new LinkedHashMap<>();
    JsonNode m = c.path("metrics");
    for (JsonNode n : c.path("metric_names")) {
      JsonNode v = m.path(n.asText());
      finals.put(n.asText(), v.isNumber() ? v.doubleValue() : Double.NaN);
    }
    JsonNode reason = c.path("reason");
    return new TrialResult(c.path("trial_id").asText(), TrialStatus.parse(c.path("status").asText()),
        reason.isTextual() ? reason.asText() : null, c.path("steps").asLong(), c.path("seconds").asDouble(Double.NaN),
        finals, metricsCsv);
  }
}
