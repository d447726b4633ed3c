package io.bmo.jobs.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A small CSV table, read and written by commons-csv: RFC 4180 with {@code \n} line ends and minimal quoting
 * (a field with a comma, quote, CR or LF is quoted, quotes doubled; commons-csv also quotes a field that is empty
 * at the start of a line, starts with a character up to {@code #} or ends in whitespace — none of which the sweep
 * tables write). Numbers are written with {@link Double#toString} (exact round trip); NaN as an empty field.
 */
public record CsvTable(List<String> header, List<List<String>> rows) {
  /** Comma, double quote, {@code \n} after every record, blank lines skipped when reading. */
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  /**
   * Copies the header.
   *
   * @param header column names
   * @param rows the rows (kept), each of the header's size
   */
  public CsvTable {
    header = List.copyOf(header);
  }

  /**
   * An empty table.
   *
   * @param header column names
   */
  public CsvTable(List<String> header) {
    this(header, new ArrayList<>());
  }

  /**
   * Appends a row.
   *
   * @param row one field per column (null fields are written empty)
   */
  public void add(List<String> row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException("row has " + row.size() + " fields, header " + header.size());
    }
    rows.add(row);
  }

  /**
   * Column index, or -1.
   *
   * @param name column name
   * @return its index
   */
  public int column(String name) {
    return header.indexOf(name);
  }

  /**
   * Formats a number for a table cell.
   *
   * @param v the number
   * @return {@link Double#toString}, or "" for NaN
   */
  public static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /**
   * A cell as a number (empty → NaN).
   *
   * @param s the cell
   * @return the number
   */
  public static double number(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("inf") || t.equals("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The CSV text: header line, then one line per row, each ended by {@code \n}; null fields as empty.
   *
   * @return the text
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter p = new CSVPrinter(sb, FORMAT)) {
      p.printRecord(header);
      for (List<String> r : rows) {
        p.printRecord(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /**
   * Parses CSV text whose first record is the header; blank lines are skipped and rows shorter than the header
   * are padded with empty fields.
   *
   * @param text the CSV text
   * @return the table
   */
  public static CsvTable parse(String text) {
    List<List<String>> records = new ArrayList<>();
    try (CSVParser p = CSVParser.parse(text, FORMAT)) {
      for (CSVRecord r : p) {
        records.add(new ArrayList<>(r.toList()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (records.isEmpty()) {
      return new CsvTable(List.of());
    }
    CsvTable t = new CsvTable(records.get(0));
    for (List<String> r : records.subList(1, records.size())) {
      while (r.size() < t.header().size()) {
        r.add("");
      }
      t.rows().add(r);
    }
    return t;
  }
}
