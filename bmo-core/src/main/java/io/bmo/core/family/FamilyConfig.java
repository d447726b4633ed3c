package io.bmo.core.family;

/**
 * Read-only typed access to one family's config section. Keys are relative to the section; every value exists
 * (defaults come from the family's defaults resource). Each getter throws {@link FamilyConfigException} naming the
 * full key when the value has the wrong type.
 */
public interface FamilyConfig {
  /** The section name, the prefix of every key in error messages ("" when keys are full keys). */
  String section();

  /** The full name of {@code key}, as errors show it. */
  default String key(String key) {
    return section().isEmpty() ? key : section() + "." + key;
  }

  String string(String key);

  /** A finite number. */
  double number(String key);

  long integer(String key);

  /** Throws a {@link FamilyConfigException} naming {@code section.key} unless {@code ok}. */
  default void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new FamilyConfigException(key(key), message);
    }
  }

  /** A gray image in [0, 1], row-major, and the name of the file it came from. */
  record Image(String name, int height, int width, double[] pixels) {}

  /**
   * The images named by string key {@code key} (a directory, a glob or a Hadoop URI of PNG/JPEG files; RGB converted
   * to gray with BT.601 weights), in name order, read by the engine — families do no file I/O of their own. An
   * empty value gives an empty list. Errors name {@code section.key} and the file.
   */
  default java.util.List<Image> images(String key) {
    throw new FamilyConfigException(key(key), "this engine reads no images");
  }

  /**
   * The final ω of the finished run named by string key {@code key} (a run directory: local path or Hadoop URI),
   * read in {@code layout} (every block's file and shape checked).
   *
   * @throws FamilyConfigException naming the key and the file when it is missing, damaged or of another shape
   */
  default double[] trainedOmega(String key, io.bmo.core.param.ParamLayout layout) {
    throw new FamilyConfigException(key(key), "this engine reads no runs");
  }

  /** A 2-D array of finite numbers, {@code rows × cols}, row-major, and the file it came from. */
  record Matrix(String name, int rows, int cols, double[] data) {}

  /**
   * The {@code .npy} file named by string key {@code key} (a local path or a Hadoop URI), read by the engine: a
   * finite 2-D float64 array.
   *
   * @throws FamilyConfigException naming the key and the file when it is missing, damaged or not such an array
   */
  default Matrix matrix(String key) {
    return matrix(key, key.substring(key.lastIndexOf('.') + 1));
  }

  /**
   * {@link #matrix(String)}, also from CSV or Parquet: a Parquet file's rows are arrays in column {@code column}.
   */
  default Matrix matrix(String key, String column) {
    throw new FamilyConfigException(key(key), "this engine reads no files");
  }

  /**
   * Examples from two files of the same number of rows (local paths or Hadoop URIs; {@code .npy}, CSV or Parquet
   * whose rows are arrays in the given columns): row i of the inputs and row i of the targets make example i. Large
   * {@code .npy} files are streamed by row ranges on the executors instead of being read whole.
   *
   * @throws FamilyConfigException or the engine's one-line error naming the file, for a missing or damaged file, a
   *     row of the wrong width or row counts that differ
   */
  default io.bmo.core.train.ExampleSource examples(String inputsKey, String inputsColumn, int inputDim,
      String targetsKey, String targetsColumn, int targetDim) {
    throw new FamilyConfigException(key(inputsKey), "this engine reads no files");
  }

  /** An int ≥ 1. */
  default int positiveInt(String key) {
    long v = integer(key);
    require(v >= 1, key, "must be >= 1, got " + v);
    require(v <= Integer.MAX_VALUE, key, "must be an int, got " + v);
    return (int) v;
  }

  /** An int ≥ 0. */
  default int nonNegativeInt(String key) {
    long v = integer(key);
    require(v >= 0, key, "must be >= 0, got " + v);
    require(v <= Integer.MAX_VALUE, key, "must be an int, got " + v);
    return (int) v;
  }

  /** A flag written as the string {@code "true"} or {@code "false"} (how the defaults files spell switches). */
  default boolean flag(String key) {
    String v = string(key);
    require(v.equals("true") || v.equals("false"), key, "expected true or false, got '" + v + "'");
    return v.equals("true");
  }
}
