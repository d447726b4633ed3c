package io.bmo.bench;

import java.util.Locale;

/**
 * One result row: {@code id value target status}. {@code status} is PASS or MISS against the target, or SKIP when
 * the row could not be measured (then {@code value} is NaN and {@code note} says why).
 *
 * @param id row id (P1, P2, …)
 * @param value measured value
 * @param target target as printed, e.g. {@code >=0.70}
 * @param status PASS, MISS or SKIP
 * @param note one line of context (sizes, raw times), printed after the row and kept in the CSV
 */
record Row(String id, double value, String target, String status, String note) {
  static Row atLeast(String id, double value, double bound, String targetText, String note) {
    return new Row(id, value, targetText, value >= bound ? "PASS" : "MISS", note);
  }

  static Row atMost(String id, double value, double bound, String targetText, String note) {
    return new Row(id, value, targetText, value <= bound ? "PASS" : "MISS", note);
  }

  static Row skipped(String id, String targetText, String why) {
    return new Row(id, Double.NaN, targetText, "SKIP", why);
  }

  String line() {
    return String.format(Locale.ROOT, "%-8s %8s %8s %s", id, Double.isNaN(value) ? "n/a" : fmt(value), target,
        status);
  }

  String csv() {
    return String.join(",", id, Double.isNaN(value) ? "" : fmt(value), target, status,
        "\"" + note.replace("\"", "'") + "\"");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3f", v);
  }
}
