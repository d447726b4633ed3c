package io.bmo.datasets.io;

import java.io.IOException;

/**
 * A data file (or stream) exists and could be read, but its contents are not what the reader accepts: wrong magic,
 * unsupported dtype, truncated data, ragged CSV row, unexpected shape, non-finite values, ...
 *
 * <p>Invariant: {@link #getMessage()} is exactly one line of the form {@code "<name>: <problem>"}, where
 * {@code name} is the file or stream name the caller gave; any line breaks in either part are replaced by spaces so
 * that the message can go straight into a log line or a Spark task failure summary.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file or stream name. */
  private final String name;
  /** What is wrong with it. */
  private final String problem;

  /**
   * @param name the file or stream name, e.g. {@code "signals.npy"}
   * @param problem what is wrong, e.g. {@code "dtype '<i8' not supported (need float64 or float32)"}
   */
  public DataFormatException(String name, String problem) {
    super(oneLine(name) + ": " + oneLine(problem));
    this.name = oneLine(name);
    this.problem = oneLine(problem);
  }

  /**
   * The file or stream name the message starts with.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The problem, i.e. the message without the leading {@code "<name>: "}.
   *
   * @return the problem
   */
  public String problem() {
    return problem;
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
