package io.bmo.core.family;

import java.util.Objects;

/**
 * A headline metric of a family: a per-step metric name (a CSV column of metrics.csv), whether lower or higher is
 * better (sweep objectives, "best" rows), a human label for charts and tables, and how reports plot it.
 */
public record Metric(String name, Goal goal, String label, Plot plot) {
  /** Which direction is better. */
  public enum Goal { MINIMIZE, MAXIMIZE }

  /** How a report plots the metric against the outer step. */
  public enum Plot { LINEAR, LOG }

  public Metric {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(plot, "plot");
    if (name == null || name.isEmpty() || label == null || label.isEmpty()) {
      throw new IllegalArgumentException("metric name and label must be non-empty");
    }
  }
}
