package io.bmo.jobs.sweep;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * One swept training key and its values. Grid sampling enumerates {@link #gridValues()}; random sampling maps one
 * uniform draw u ∈ [0, 1) to a value with {@link #sample(double)}, so a config depends only on its draws.
 */
public sealed interface Dimension {
  /**
   * The training key this dimension sets, e.g. {@code bmo.mu}.
   *
   * @return the key
   */
  String key();

  /**
   * All values for grid sampling, in order.
   *
   * @return the values
   */
  List<ConfigValue> gridValues();

  /**
   * The value for a uniform draw u ∈ [0, 1).
   *
   * @param u the draw
   * @return the value
   */
  ConfigValue sample(double u);

  /** An explicit list of values (or a single fixed value): grid takes each, random picks one uniformly. */
  record Choice(String key, List<ConfigValue> values) implements Dimension {
    /**
     * Checks and copies the values.
     *
     * @param key the training key
     * @param values at least one value
     */
    public Choice {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("empty list of values");
      }
      values = List.copyOf(values);
    }

    @Override
    public List<ConfigValue> gridValues() {
      return values;
    }

    @Override
    public ConfigValue sample(double u) {
      return values.get(Math.min(values.size() - 1, (int) (u * values.size())));
    }
  }

  /** Integers lo, lo + step, …, ≤ hi. */
  record IntRange(String key, long lo, long hi, long step) implements Dimension {
    /**
     * Checks the range.
     *
     * @param key the training key
     * @param lo first value
     * @param hi largest value allowed
     * @param step spacing (&gt; 0)
     */
    public IntRange {
      if (hi < lo) {
        throw new IllegalArgumentException("int range [" + lo + ", " + hi + "] is empty");
      }
      if (step < 1) {
        throw new IllegalArgumentException("step must be >= 1, got " + step);
      }
    }

    private long count() {
      return (hi - lo) / step + 1;
    }

    @Override
    public List<ConfigValue> gridValues() {
      List<ConfigValue> out = new ArrayList<>();
      for (long v = lo; v <= hi; v += step) {
        out.add(ConfigValueFactory.fromAnyRef(v));
      }
      return out;
    }

    @Override
    public ConfigValue sample(double u) {
      long k = Math.min(count() - 1, (long) (u * count()));
      return ConfigValueFactory.fromAnyRef(lo + k * step);
    }
  }

  /**
   * Floats in [lo, hi]: random draws lo + u(hi − lo), or exp(log lo + u(log hi − log lo)) when {@code log}; the grid
   * is {@code points} evenly (or geometrically) spaced values including both ends.
   */
  record FloatRange(String key, double lo, double hi, boolean log, int points) implements Dimension {
    /**
     * Checks the range.
     *
     * @param key the training key
     * @param lo lower end
     * @param hi upper end
     * @param log whether values are spaced geometrically (and drawn log-uniformly)
     * @param points number of grid values
     */
    public FloatRange {
      if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
        throw new IllegalArgumentException("range [" + lo + ", " + hi + "] must be finite with lo <= hi");
      }
      if (log && lo <= 0) {
        throw new IllegalArgumentException("log-uniform range needs lo > 0, got " + lo);
      }
      if (points < 0) {
        throw new IllegalArgumentException("points must be >= 0, got " + points);
      }
    }

    @Override
    public List<ConfigValue> gridValues() {
      if (points < 1) {
        throw new IllegalArgumentException("a float range needs `points` >= 1 for grid sampling");
      }
      List<ConfigValue> out = new ArrayList<>();
      for (int i = 0; i < points; i++) {
        double t = points == 1 ? 0.0 : (double) i / (points - 1);
        out.add(ConfigValueFactory.fromAnyRef(at(t)));
      }
      return out;
    }

    @Override
    public ConfigValue sample(double u) {
      return ConfigValueFactory.fromAnyRef(at(u));
    }

    private double at(double t) {
      if (t >= 1.0) {
        return hi;
      }
      return log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
    }
  }
}
