package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvTable} on commons-csv writes the bytes the hand-written writer ({@link LegacyCsvTable}) wrote for the
 * values sweep tables hold, and reads back every table it writes, the fields commons-csv quotes more eagerly included.
 */
class CsvTableTest {
  /** Random tables per property. */
  private static final int TABLES = 300;

  /** Characters of table values: letters, digits, number signs, the CSV specials, non-ASCII. */
  private static final String ALPHABET = "abcXYZ019.-+eE_ =:,\"\n\r;é€";

  @Test
  void sweepLikeTablesHaveTheOldBytes() {
    Random rnd = new Random(3);
    for (int t = 0; t < TABLES; t++) {
      List<String> header = new ArrayList<>(List.of("trial_id", "config_id", "model.type", "bmo.mu", "reason"));
      CsvTable now = new CsvTable(header);
      LegacyCsvTable was = new LegacyCsvTable(header);
      for (int r = rnd.nextInt(6); r > 0; r--) {
        List<String> row = List.of(Long.toHexString(rnd.nextLong()), "c" + rnd.nextInt(100),
            rnd.nextBoolean() ? "lista-tied" : "ista", CsvTable.num(rnd.nextBoolean() ? Double.NaN : rnd.nextGaussian()),
            inner(rnd));
        now.add(row);
        was.add(row);
      }
      assertEquals(was.toCsv(), now.toCsv());
      CsvTable back = CsvTable.parse(now.toCsv());
      LegacyCsvTable backWas = LegacyCsvTable.parse(was.toCsv());
      assertEquals(backWas.header(), back.header());
      assertEquals(backWas.rows(), back.rows());
    }
  }

  /** A value that does not start with a character up to '#' or end in whitespace (as the tables' values). */
  private static String inner(Random rnd) {
    String s = "x" + random(rnd, rnd.nextInt(12)) + "y";
    return rnd.nextInt(4) == 0 ? "" : s;
  }

  private static String random(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  @Test
  void everyWrittenTableReadsBack() {
    Random rnd = new Random(5);
    for (int t = 0; t < TABLES; t++) {
      int cols = 1 + rnd.nextInt(4);
      List<String> header = new ArrayList<>();
      for (int c = 0; c < cols; c++) {
        header.add("h" + c + random(rnd, rnd.nextInt(3)));
      }
      CsvTable table = new CsvTable(header);
      for (int r = rnd.nextInt(5); r > 0; r--) {
        List<String> row = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
          row.add(random(rnd, rnd.nextInt(6)));
        }
        if (cols == 1 && row.get(0).isEmpty()) {
          row.set(0, "z");  // a one-column empty row is a blank line: skipped by both readers
        }
        table.add(row);
      }
      CsvTable back = CsvTable.parse(table.toCsv());
      assertEquals(table.header(), back.header());
      assertEquals(table.rows(), back.rows());
    }
  }

  @Test
  void shortRowsArePaddedAndBlankLinesSkipped() {
    CsvTable t = CsvTable.parse("a,b,c\r\n1,2\n\n\"x,\"\"y\"\"\",,3\n");
    assertEquals(List.of("a", "b", "c"), t.header());
    assertEquals(List.of(List.of("1", "2", ""), List.of("x,\"y\"", "", "3")), t.rows());
  }
}
