package io.bmo.core.family;

/** A bad value of a family's config section or input; {@link #key()} is the full config key (or file) at fault. */
public final class FamilyConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public FamilyConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
