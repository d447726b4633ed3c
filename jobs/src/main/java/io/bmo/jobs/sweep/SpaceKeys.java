package io.bmo.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.SectionHint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The training keys a sweep names ({@code set}, {@code space}, {@code seed-keys}), checked against the training
 * defaults, and the dimensions of its {@code space}: a list or a scalar is a choice, an object with {@code int},
 * {@code uniform} or {@code log-uniform} a range; any other object is a key prefix.
 */
final class SpaceKeys {
  private SpaceKeys() {}

  private static final Set<String> RANGE_KEYS = Set.of("int", "uniform", "log-uniform");

  /** Collects dimensions: a list, a range object or a scalar is a leaf; any other object is a key prefix. */
  static void walk(ConfigObject obj, String prefix, Config trainDefaults, List<Dimension> out) {
    for (String k : new java.util.TreeSet<>(obj.keySet())) {
      ConfigValue v = obj.get(k);
      String path = prefix + k;
      if (v instanceof ConfigObject o && o.keySet().stream().noneMatch(RANGE_KEYS::contains)) {
        walk(o, path + ".", trainDefaults, out);
        continue;
      }
      String key = trainKey(trainDefaults, "space", path, v);
      String at = "space." + key;
      try {
        if (v instanceof ConfigList list) {
          out.add(new Dimension.Choice(key, new ArrayList<>(list)));
        } else if (v instanceof ConfigObject o) {
          out.add(range(key, o.toConfig(), at));
        } else {
          out.add(new Dimension.Choice(key, List.of(v)));
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(at + ": " + e.getMessage(), e);
      }
    }
  }

  private static Dimension range(String key, Config o, String at) {
    Set<String> keys = new LinkedHashSet<>(o.root().keySet());
    String kind = keys.stream().filter(RANGE_KEYS::contains).findFirst().orElseThrow();
    Set<String> allowed = kind.equals("int") ? Set.of("int", "step") : Set.of(kind, "points");
    for (String k : keys) {
      if (!allowed.contains(k)) {
        throw new UserError(at + ": unexpected '" + k + "' in a " + kind + " range (allowed: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
    List<? extends Number> lohi = SweepConfig.get(o, kind, "a list [lo, hi] of numbers", o::getNumberList);
    if (lohi.size() != 2) {
      throw new UserError(at + "." + kind + ": expected [lo, hi], got " + lohi.size() + " numbers");
    }
    if (kind.equals("int")) {
      long step = o.hasPath("step") ? SweepConfig.get(o, "step", "an integer", o::getLong) : 1;
      if (!(lohi.get(0) instanceof Integer || lohi.get(0) instanceof Long)
          || !(lohi.get(1) instanceof Integer || lohi.get(1) instanceof Long)) {
        throw new UserError(at + ".int: expected integers, got " + lohi);
      }
      return new Dimension.IntRange(key, lohi.get(0).longValue(), lohi.get(1).longValue(), step);
    }
    int points = o.hasPath("points") ? SweepConfig.get(o, "points", "an integer", o::getInt) : 0;
    return new Dimension.FloatRange(key, lohi.get(0).doubleValue(), lohi.get(1).doubleValue(),
        kind.equals("log-uniform"), points);
  }

  static String trainKey(Config trainDefaults, String section, String key, ConfigValue value) {
    if (trainDefaults.hasPath(key) && trainDefaults.getValue(key).valueType() == ConfigValueType.OBJECT) {
      throw new UserError(section + "." + key + ": " + SectionHint.message(key, value, trainDefaults));
    }
    if (!trainDefaults.hasPath(key)) {
      throw new UserError(section + "." + key + ": unknown training key '" + key + "' (see bmo-defaults.conf)");
    }
    return key;
  }
}
