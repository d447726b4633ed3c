package io.bmo.datasets.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads and writes a numeric matrix as comma-separated text: one matrix row per line, UTF-8, {@code \n} or
 * {@code \r\n} line ends.
 *
 * <p><b>Read rules.</b> If no cell of the first line is a number, that line is a header and is skipped (its
 * column count must still match the data); a first line with some numbers is data, so a damaged first row is an
 * error rather than silently dropped, and a header whose names all look like numbers is read as data. A number is a
 * decimal such as {@code -1.5e-3} (optionally with spaces around it), or {@code NaN}, {@code Infinity}, {@code inf},
 * {@code nan} with an optional sign, in any letter case — so both {@link Double#toString} and
 * {@code np.savetxt(..., delimiter=",")} output read back. Blank lines at the end are ignored; a blank line between
 * data lines, an empty cell, a non-numeric cell or a row with a different number of cells is a
 * {@link DataFormatException} naming the file, the 1-based line and, for a cell, the 1-based column. Quoting is not
 * supported. A file with no data line is rejected.
 *
 * <p><b>Write.</b> Each value is printed with {@link Double#toString}, which {@link Double#parseDouble} maps back to
 * the same double, so a write/read round trip is exact (NaN payloads aside). No header is written.
 *
 * <p><b>Why not a CSV library.</b> Training data must fail loudly and precisely: every defect is one line naming the
 * file, row and column, and every cell is parsed with {@link Double#parseDouble} after a strict decimal check, so
 * the doubles are exactly those written. General CSV readers (commons-csv, used for the sweep tables; Spark's
 * reader) accept quoting, ragged rows and lenient number syntax, or turn bad cells into nulls, which would let a
 * damaged data file train silently; the strict rules above are the whole reader, a library would only wrap them.
 */
public final class Csv {

  /** A decimal floating-point literal without Java's type suffixes or hex forms. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private Csv() {}

  /**
   * Reads {@code file}; error messages name it as {@code file.toString()}.
   *
   * @param file a CSV file
   * @return a 2-D array, rows × columns, row-major
   * @throws IOException when the file cannot be read or is not a matrix of numbers
   */
  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a matrix from {@code in} to its end; the stream is not closed.
   *
   * @param name file or stream name used in error messages
   * @param in the CSV text
   * @return a 2-D array, rows × columns, row-major
   * @throws IOException when the stream cannot be read or is not a matrix of numbers
   */
  public static NpyArray read(InputStream in, String name) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    double[] values = new double[1024];
    int size = 0;
    int cols = -1;
    int rows = 0;
    int colsLine = 0; // the line that fixed the column count, for messages
    int firstBlank = 0; // first line of the current run of blank lines, 0 if none
    int lineNo = 0;
    String line;
    try {
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // byte-order mark that some spreadsheet exports add
        }
        if (line.isBlank()) {
          firstBlank = firstBlank == 0 ? lineNo : firstBlank;
          continue;
        }
        if (firstBlank != 0) {
          throw new DataFormatException(name, "line " + firstBlank + " is blank but data follows on line " + lineNo);
        }
        String[] cells = line.split(",", -1);
        if (lineNo == 1 && isHeader(cells)) {
          cols = cells.length;
          colsLine = 1;
          continue; // header
        }
        if (cols == -1) {
          cols = cells.length;
          colsLine = lineNo;
        } else if (cells.length != cols) {
          String counted = cells.length + (cells.length == 1 ? " column" : " columns");
          throw new DataFormatException(name, "line " + lineNo + " has " + counted + ", expected " + cols
              + " (as on line " + colsLine + ")");
        }
        if ((long) size + cols > values.length) {
          values = Arrays.copyOf(values, grow(values.length, (long) size + cols, name));
        }
        for (int c = 0; c < cols; c++) {
          values[size++] = parseCell(cells[c], name, lineNo, c + 1);
        }
        rows++;
      }
    } catch (CharacterCodingException e) {
      // The reader decodes ahead in blocks, so the failing line is not known here.
      throw new DataFormatException(name, "not valid UTF-8 text");
    }
    if (rows == 0) {
      throw new DataFormatException(name, "no data rows");
    }
    return Npy.ofMatrix(rows, cols, size == values.length ? values : Arrays.copyOf(values, size));
  }

  /** New capacity ≥ {@code needed}: doubling, capped at the largest Java array. */
  private static int grow(int length, long needed, String name) throws DataFormatException {
    if (needed > NpyHeader.MAX_VALUES) {
      throw new DataFormatException(name, "more values than a Java array can hold");
    }
    return (int) Math.min(Math.max(2L * length, needed), NpyHeader.MAX_VALUES);
  }

  /** A header has no numeric cell; a line with some numbers is data, so a damaged first row is reported, not lost. */
  private static boolean isHeader(String[] cells) {
    for (String cell : cells) {
      if (parseOrNull(cell) != null) {
        return false;
      }
    }
    return true;
  }

  private static double parseCell(String cell, String name, int line, int col) throws DataFormatException {
    Double v = parseOrNull(cell);
    if (v == null) {
      String s = cell.strip();
      String problem = s.isEmpty() ? "empty cell"
          : "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "' is not a number";
      throw new DataFormatException(name, "line " + line + ", column " + col + ": " + problem);
    }
    return v;
  }

  /** The cell's value by the rules in the class comment, or null if it is not a number. */
  private static Double parseOrNull(String cell) {
    String s = cell.strip();
    if (DECIMAL.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    boolean negative = s.startsWith("-");
    String word = negative || s.startsWith("+") ? s.substring(1) : s;
    if (word.equalsIgnoreCase("nan")) {
      return Double.NaN;
    } else if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return null;
  }

  /**
   * Writes {@code array} to {@code file} atomically (temporary file in the same directory, then rename). A 1-D
   * array is written as one column. Empty arrays are rejected because CSV cannot represent their shape.
   *
   * @param file the file to replace
   * @param array the values
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, NpyArray array) throws IOException {
    requireNonEmpty(array);
    AtomicFiles.write(file, out -> write(out, array));
  }

  /**
   * Writes {@code array} as CSV to {@code out} and flushes it; the stream is not closed. Same format and restrictions
   * as {@link #write(Path, NpyArray)}.
   *
   * @param out the stream
   * @param array the values
   * @throws IOException when the stream cannot be written
   */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    requireNonEmpty(array);
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    double[] data = array.data();
    int cols = array.cols();
    for (int r = 0; r < array.rows(); r++) {
      for (int c = 0; c < cols; c++) {
        if (c > 0) {
          w.write(',');
        }
        w.write(Double.toString(data[r * cols + c]));
      }
      w.write('\n');
    }
    w.flush();
  }

  private static void requireNonEmpty(NpyArray array) {
    if (array.data().length == 0) {
      throw new IllegalArgumentException("CSV cannot represent an empty array of shape " + array.shapeString());
    }
  }
}
