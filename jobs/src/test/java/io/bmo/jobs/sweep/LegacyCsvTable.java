package io.bmo.jobs.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hand-written CSV table that {@link CsvTable} replaced, kept as the byte-for-byte reference of its output.
 *
 * <p>A small CSV table (RFC 4180 quoting: fields with a comma, quote or newline are quoted, quotes doubled). Numbers
 * are written with {@link Double#toString} (exact round trip); NaN is written as an empty field.
 */
record LegacyCsvTable(List<String> header, List<List<String>> rows) {
  LegacyCsvTable {
    header = List.copyOf(header);
  }

  LegacyCsvTable(List<String> header) {
    this(header, new ArrayList<>());
  }

  public void add(List<String> row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException("row has " + row.size() + " fields, header " + header.size());
    }
    rows.add(row);
  }

  /** Column index, or -1. */
  public int column(String name) {
    return header.indexOf(name);
  }

  /** Formats a number for a table cell. */
  public static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** A cell as a number (empty → NaN). */
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

  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    for (List<String> r : rows) {
      line(sb, r);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    sb.append('\n');
  }

  /** Parses CSV text with a header line. */
  static LegacyCsvTable parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
        any = true;
      } else if (ch == ',') {
        cur.add(f.toString());
        f.setLength(0);
        any = true;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || f.length() > 0) {
          cur.add(f.toString());
          records.add(cur);
        }
        cur = new ArrayList<>();
        f.setLength(0);
        any = false;
      } else {
        f.append(ch);
        any = true;
      }
    }
    if (any || f.length() > 0) {
      cur.add(f.toString());
      records.add(cur);
    }
    if (records.isEmpty()) {
      return new LegacyCsvTable(List.of());
    }
    LegacyCsvTable t = new LegacyCsvTable(records.get(0));
    for (int i = 1; i < records.size(); i++) {
      List<String> r = records.get(i);
      while (r.size() < t.header().size()) {
        r.add("");
      }
      t.rows().add(r);
    }
    return t;
  }
}
