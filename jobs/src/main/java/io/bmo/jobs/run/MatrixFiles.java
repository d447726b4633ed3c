package io.bmo.jobs.run;

import io.bmo.datasets.io.Csv;
import io.bmo.datasets.io.DataFormatException;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Reads a matrix (one example per row) from any Hadoop URI, by extension: {@code .npy} (float64/float32, 2-D),
 * {@code .csv} (numbers, optional header), or {@code .parquet} — a file or a directory of part files read in name
 * order, rows in file order — taking one array column ({@code array<double>}, e.g. as Spark writes it). Every
 * error names the file.
 */
public final class MatrixFiles {
  private MatrixFiles() {}

  /**
   * @param uri file or directory
   * @param column Parquet column holding the row arrays (ignored for .npy and .csv)
   * @param rows expected rows or -1
   * @param cols expected columns or -1
   * @param hadoop the Hadoop configuration
   * @return the matrix, row-major
   */
  public static NpyArray read(String uri, String column, Configuration hadoop, int rows, int cols) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw new UserError(uri + ": file not found");
      }
      String lower = uri.toLowerCase(Locale.ROOT);
      NpyArray arr;
      if (lower.endsWith(".parquet")) {
        try {
          arr = readParquet(fs, p, column, uri);
        } catch (UserError e) {
          throw e;
        } catch (RuntimeException e) {
          // parquet-mr reports a damaged file (bad magic, short footer, undecodable page) as a RuntimeException
          throw new UserError(uri + ": not a readable Parquet file: " + String.valueOf(e.getMessage())
              .replace('\n', ' '), e);
        }
      } else {
        try (InputStream in = fs.open(p)) {
          if (lower.endsWith(".csv")) {
            arr = Csv.read(in, uri);
          } else if (lower.endsWith(".npy")) {
            arr = Npy.read(in, uri, fs.getFileStatus(p).getLen());
          } else {
            throw new UserError(uri + ": unknown file type (expected .npy, .csv or .parquet)");
          }
        }
      }
      if (arr.shape().length != 2) {
        throw new UserError(uri + ": expected a 2-D array (one example per row), got shape "
            + Arrays.toString(arr.shape()));
      }
      Npy.requireShape(arr, uri, rows, cols);
      Npy.requireFinite(arr, uri);
      return arr;
    } catch (DataFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(uri + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * "codes.npy: 5 rows, but signals.csv has 1 (one example per row in both files)": a pair whose example counts
   * differ, naming both files since either may be the wrong one.
   *
   * @param codes the codes' file
   * @param codeRows its rows
   * @param signals the signals' file
   * @param signalRows its rows
   * @return the message
   */
  public static String rowMismatch(String codes, long codeRows, String signals, long signalRows) {
    return codes + ": " + codeRows + " rows, but " + signals + " has " + signalRows
        + " (one example per row in both files)";
  }

  private static NpyArray readParquet(FileSystem fs, Path p, String column, String uri) throws IOException {
    List<Path> files = new ArrayList<>();
    if (fs.getFileStatus(p).isDirectory()) {
      for (FileStatus s : fs.listStatus(p)) {
        String n = s.getPath().getName();
        if (s.isFile() && n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
          files.add(s.getPath());
        }
      }
      files.sort(null);
    } else {
      files.add(p);
    }
    List<double[]> rows = new ArrayList<>();
    int width = -1;
    for (Path f : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f)
          .withConf(fs.getConf()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          double[] row = arrayColumn(g, column, uri, rows.size());
          if (width < 0) {
            width = row.length;
          } else if (row.length != width) {
            throw new UserError(uri + ": row " + rows.size() + " of column '" + column + "' has " + row.length
                + " values, earlier rows " + width);
          }
          rows.add(row);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new UserError(uri + ": no rows");
    }
    double[] data = new double[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, data, i * width, width);
    }
    return Npy.ofMatrix(rows.size(), width, data);
  }

  /** Reads a LIST of doubles (3-level list as Spark writes it, or a plain repeated double). */
  private static double[] arrayColumn(Group g, String column, String uri, int row) {
    if (!g.getType().containsField(column)) {
      throw new UserError(uri + ": no column '" + column + "' (have " + g.getType().getFields().stream()
          .map(org.apache.parquet.schema.Type::getName).toList() + ")");
    }
    int count = g.getFieldRepetitionCount(column);
    if (count == 0) {
      throw new UserError(uri + ": row " + row + " has a null '" + column + "'");
    }
    org.apache.parquet.schema.Type t = g.getType().getType(column);
    if (t.isPrimitive()) {
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = g.getDouble(column, i);
      }
      return out;
    }
    Group list = g.getGroup(column, 0);
    String rep = list.getType().getFieldName(0);
    int len = list.getFieldRepetitionCount(rep);
    double[] out = new double[len];
    for (int i = 0; i < len; i++) {
      Group el = list.getGroup(rep, i);
      if (el.getFieldRepetitionCount(0) == 0) {
        throw new UserError(uri + ": row " + row + " of '" + column + "' has a null element");
      }
      out[i] = el.getDouble(0, 0);
    }
    return out;
  }
}
