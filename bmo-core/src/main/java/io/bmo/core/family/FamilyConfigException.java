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

  /**
   * Runs {@code s}, turning an IllegalArgumentException (e.g. from a constructor's checks) into a
   * FamilyConfigException naming {@code key}; a FamilyConfigException passes unchanged.
   */
  public static <T> T wrap(String key, java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (FamilyConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new FamilyConfigException(key, e.getMessage());
    }
  }
}
