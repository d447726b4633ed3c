package io.bmo.datasets.io;

import java.util.Arrays;

/**
 * A 1-D or 2-D float64 array as read from or written to a {@code .npy} or CSV file, held in <b>row-major (C)</b>
 * order whatever the file's order: element {@code (r, c)} of a 2-D array is {@code data[r * cols + c]}.
 *
 * <p>Invariants (checked by the constructor): {@code shape.length} is 1 or 2, every dimension is ≥ 0, and
 * {@code data.length == shape[0] * (shape.length == 2 ? shape[1] : 1)}.
 *
 * <p>{@code shape} is copied on construction and on access, so it cannot change. {@code data} is <b>not</b> copied
 * (arrays here can be hundreds of megabytes): the record shares the caller's array and {@link #data()} returns it, so
 * writes through either reference are visible to both. {@link #equals}/{@link #hashCode} compare contents (with
 * {@link Arrays#equals(double[], double[])} semantics: all NaNs equal, {@code 0.0 != -0.0}).
 *
 * <p>The rest of the project stores matrices column-major; use {@link #toColumnMajor()} and
 * {@link Npy#ofColumnMajor(int, int, double[])} to convert.
 *
 * @param shape dimensions, {@code (n)} or {@code (rows, cols)}
 * @param data the values in row-major order
 */
public record NpyArray(int[] shape, double[] data) {

  /**
   * Validates the invariants above and copies {@code shape}.
   *
   * @param shape dimensions, {@code (n)} or {@code (rows, cols)}
   * @param data the values in row-major order (kept, not copied)
   */
  public NpyArray {
    if (shape == null || data == null) {
      throw new IllegalArgumentException("shape and data must not be null");
    }
    if (shape.length != 1 && shape.length != 2) {
      throw new IllegalArgumentException("rank must be 1 or 2, got shape " + formatShape(shape));
    }
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + formatShape(shape));
      }
      size *= d; // at most two ints: cannot overflow a long
    }
    if (size != data.length) {
      throw new IllegalArgumentException("shape " + formatShape(shape) + " holds " + size + " values but data has "
          + data.length);
    }
    shape = shape.clone();
  }

  /**
   * A copy of the shape.
   *
   * @return the dimensions
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * 1 or 2.
   *
   * @return the number of dimensions
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Number of rows: {@code shape[0]} (the length, for a 1-D array).
   *
   * @return the rows
   */
  public int rows() {
    return shape[0];
  }

  /**
   * Number of columns: {@code shape[1]}, or 1 for a 1-D array.
   *
   * @return the columns
   */
  public int cols() {
    return shape.length == 2 ? shape[1] : 1;
  }

  /**
   * Element {@code (r, c)} of a 2-D array ({@code c} must be 0 for a 1-D array).
   *
   * @param r row
   * @param c column
   * @return the element
   */
  public double get(int r, int c) {
    if (r < 0 || r >= rows() || c < 0 || c >= cols()) {
      throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside shape " + formatShape(shape));
    }
    return data[r * cols() + c];
  }

  /**
   * A new column-major copy: element {@code (r, c)} at {@code [r + c * rows]}. For a 1-D array this is a copy of
   * {@link #data()}. This array is not modified.
   *
   * @return the values, column-major
   */
  public double[] toColumnMajor() {
    int rows = rows();
    int cols = cols();
    double[] out = new double[data.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[r + c * rows] = data[r * cols + c];
      }
    }
    return out;
  }

  /**
   * The shape as numpy prints it: {@code (250,)} or {@code (250, 500)}.
   *
   * @return the shape as text
   */
  public String shapeString() {
    return formatShape(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /** Shape and, for small arrays, the values; never megabytes of text. */
  @Override
  public String toString() {
    final int maxShown = 16;
    String values = data.length <= maxShown ? Arrays.toString(data) : "[" + data.length + " values]";
    return "NpyArray" + formatShape(shape) + values;
  }

  /** Formats dimensions the way numpy prints a shape; {@code -1} prints as {@code *} (any). */
  static String formatShape(int[] dims) {
    StringBuilder sb = new StringBuilder("(");
    for (int k = 0; k < dims.length; k++) {
      if (k > 0) {
        sb.append(", ");
      }
      sb.append(dims[k] == -1 ? "*" : Integer.toString(dims[k]));
    }
    return sb.append(dims.length == 1 ? ",)" : ")").toString();
  }
}
