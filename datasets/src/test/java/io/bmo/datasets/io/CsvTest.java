package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @TempDir
  Path tmp;

  private static NpyArray parse(String text) throws Exception {
    return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "m.csv");
  }

  private static String problem(String text) {
    DataFormatException e = assertThrows(DataFormatException.class, () -> parse(text));
    assertEquals("m.csv", e.name());
    assertFalse(e.getMessage().contains("\n"), "one line");
    return e.problem();
  }

  private static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), "index " + i);
    }
  }

  /** Random bit patterns cover subnormals, huge exponents and every last-digit case of Double.toString. */
  @Test
  void roundTripThroughFileIsExact() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7); // test data only; any fixed generator will do
    double[] v = new double[7 * 9];
    for (int i = 0; i < v.length; i++) {
      double d;
      do {
        d = Double.longBitsToDouble(rnd.nextLong());
      } while (Double.isNaN(d));
      v[i] = d;
    }
    v[0] = -0.0;
    v[1] = Double.MIN_VALUE;
    v[2] = Double.POSITIVE_INFINITY;
    v[3] = Double.NaN;
    v[4] = 0.1;
    Path file = tmp.resolve("m.csv");
    Csv.write(file, Npy.ofMatrix(7, 9, v));
    NpyArray back = Csv.read(file);
    assertArrayEquals(new int[] {7, 9}, back.shape());
    assertBitsEqual(v, back.data());
  }

  @Test
  void writesOneRowPerLineAndVectorsAsAColumn() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Csv.write(out, Npy.ofMatrix(2, 2, new double[] {1, 0.5, -2, 1e-20}));
    assertEquals("1.0,0.5\n-2.0,1.0E-20\n", out.toString(StandardCharsets.UTF_8));
    out.reset();
    Csv.write(out, Npy.ofVector(new double[] {3, 4}));
    assertEquals("3.0\n4.0\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rejectsWritingEmptyArrays() {
    NpyArray empty = Npy.ofMatrix(0, 3, new double[0]);
    assertThrows(IllegalArgumentException.class, () -> Csv.write(tmp.resolve("e.csv"), empty));
    assertFalse(Files.exists(tmp.resolve("e.csv")));
  }

  @Test
  void skipsHeaderTrailingBlankLinesCarriageReturnsAndBom() throws Exception {
    NpyArray a = parse("\uFEFFx0, x1 ,x2\r\n1, 2.5 ,-3e2\r\n.5,+4,6.\r\n\r\n  \n");
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertBitsEqual(new double[] {1, 2.5, -300, 0.5, 4, 6}, a.data());
  }

  @Test
  void readsNumpySavetxtSpellingsOfSpecialValues() throws Exception {
    NpyArray a = parse("nan,inf,-inf,NaN,Infinity,-Infinity,+inf\n");
    assertBitsEqual(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, a.data());
  }

  @Test
  void rejectsRaggedRowsNamingBothLines() {
    assertEquals("line 3 has 2 columns, expected 3 (as on line 1)", problem("1,2,3\n4,5,6\n7,8\n"));
    assertEquals("line 2 has 2 columns, expected 3 (as on line 1)", problem("a,b,c\n1,2\n"));
  }

  @Test
  void rejectsNonNumericAndEmptyCellsNamingLineAndColumn() {
    assertEquals("line 2, column 2: 'abc' is not a number", problem("1,2\n3,abc\n"));
    assertEquals("line 2, column 3: empty cell", problem("1,2,3\n4,5,\n"));
    assertEquals("line 1, column 2: '1d' is not a number", problem("1,1d\n")); // Java suffixes are not CSV
    assertEquals("line 1, column 1: '0x1p3' is not a number", problem("0x1p3,1\n"));
  }

  /** A first row with some numbers is data: damage there is reported instead of the row vanishing as a header. */
  @Test
  void damagedFirstRowIsAnErrorNotAHeader() {
    assertEquals("line 1, column 2: 'oops' is not a number", problem("1.0,oops,3\n4,5,6\n"));
  }

  @Test
  void rejectsBlankLinesInsideDataAndFilesWithoutData() {
    assertEquals("line 2 is blank but data follows on line 3", problem("1,2\n\n3,4\n"));
    assertEquals("no data rows", problem(""));
    assertEquals("no data rows", problem("x,y\n\n"));
  }

  @Test
  void rejectsNonUtf8Bytes() {
    byte[] latin1 = "1,2\n3,\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Csv.read(new ByteArrayInputStream(latin1), "m.csv"));
    assertEquals("m.csv: not valid UTF-8 text", e.getMessage());
  }

  @Test
  void pathReadNamesTheFile() throws Exception {
    Path file = tmp.resolve("bad.csv");
    Files.writeString(file, "1,2\n3\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(file));
    assertEquals(file + ": line 2 has 1 column, expected 2 (as on line 1)", e.getMessage());
  }

  @Test
  void growsPastTheInitialBuffer() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < 1000; r++) {
      sb.append(r).append(',').append(-r).append(",0.25\n");
    }
    NpyArray a = parse(sb.toString());
    assertArrayEquals(new int[] {1000, 3}, a.shape());
    assertEquals(-999, a.get(999, 1));
  }
}
