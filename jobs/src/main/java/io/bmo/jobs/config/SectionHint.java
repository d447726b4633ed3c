package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.TreeSet;

/**
 * The message for a config section given a plain value, e.g. {@code model = lista-tied}: "model is a section; did
 * you mean model.type=lista-tied?" when the section has a {@code type} key, otherwise the section's keys. A user
 * value that is not an object at a path where the defaults hold an object is always this mistake, never an unknown
 * key.
 */
public final class SectionHint {
  /** The key under a section whose value a scalar most likely meant. */
  private static final String TYPE_KEY = "type";

  private SectionHint() {}

  /**
   * The section (a path holding an object in {@code defaults}) that {@code key} is, or is nested in while the user
   * value sits at the section itself; null when {@code key} names no section. For {@code model} returns
   * {@code model}; for {@code data.m} returns null.
   *
   * @param key a leaf path of the user's config (every entry of {@link Config#entrySet()} is a leaf)
   * @param defaults every known key with its default
   * @return the section, or null
   */
  public static String sectionAbove(String key, Config defaults) {
    return defaults.hasPath(key) && defaults.getValue(key).valueType() == ConfigValueType.OBJECT ? key : null;
  }

  /**
   * "S is a section; did you mean S.type=V?" (or, without a {@code type} key, "S is a section (keys: a, b, …)").
   *
   * @param value the non-object value the user gave the section
   * @param section the section
   * @param defaults every known key with its default
   * @return the message
   */
  public static String message(String section, ConfigValue value, Config defaults) {
    String v = value.valueType() == ConfigValueType.STRING ? String.valueOf(value.unwrapped())
        : value.render(ConfigRenderOptions.concise());
    ConfigObject o = (ConfigObject) defaults.getValue(section);
    if (o.containsKey(TYPE_KEY) && o.get(TYPE_KEY).valueType() != ConfigValueType.OBJECT) {
      return section + " is a section; did you mean " + section + "." + TYPE_KEY + "=" + v + "?";
    }
    return section + " is a section, not a value (keys under " + section + ": "
        + String.join(", ", new TreeSet<>(o.keySet())) + ")";
  }
}
