package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npy against files written by numpy (src/test/resources/npy/make_fixtures.py) and against itself. */
class NpyTest {

  /** The 3×4 matrix every 2-D fixture holds: np.arange(12).reshape(3, 4) / 8, row-major. */
  private static final double[] M34 = {0, .125, .25, .375, .5, .625, .75, .875, 1, 1.125, 1.25, 1.375};
  /** The 1-D float32 fixtures: np.arange(5) / 4 - 0.5. */
  private static final double[] V5 = {-0.5, -0.25, 0, 0.25, 0.5};

  @TempDir
  Path tmp;

  private static Path fixture(String file) throws URISyntaxException {
    return Path.of(NpyTest.class.getResource("/npy/" + file).toURI());
  }

  private static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "index " + i);
    }
  }

  private static void assertMatrix34(NpyArray a) {
    assertArrayEquals(new int[] {3, 4}, a.shape());
    assertBitsEqual(M34, a.data());
  }

  @Test
  void readsNumpyFloat64COrder() throws Exception {
    assertMatrix34(Npy.read(fixture("f8_c_2d.npy")));
  }

  @Test
  void readsNumpyFortranOrderIntoRowMajor() throws Exception {
    assertMatrix34(Npy.read(fixture("f8_fortran_2d.npy")));
  }

  @Test
  void readsNumpyBigEndianFloat64() throws Exception {
    assertMatrix34(Npy.read(fixture("f8_be_2d.npy")));
  }

  @Test
  void readsNumpyFormatVersions2And3() throws Exception {
    assertMatrix34(Npy.read(fixture("f8_v2_2d.npy")));
    assertMatrix34(Npy.read(fixture("f8_v3_2d.npy")));
  }

  @Test
  void widensNumpyFloat32ExactlyInBothByteOrders() throws Exception {
    for (String file : new String[] {"f4_1d.npy", "f4_be_1d.npy"}) {
      NpyArray a = Npy.read(fixture(file));
      assertArrayEquals(new int[] {5}, a.shape(), file);
      assertBitsEqual(V5, a.data());
    }
  }

  @Test
  void readsNumpyScalarAsShapeOne() throws Exception {
    NpyArray a = Npy.read(fixture("f8_scalar.npy"));
    assertArrayEquals(new int[] {1}, a.shape());
    assertBitsEqual(new double[] {2.5}, a.data());
  }

  @Test
  void readsNumpyEmptyMatrix() throws Exception {
    NpyArray a = Npy.read(fixture("f8_empty_0x4.npy"));
    assertArrayEquals(new int[] {0, 4}, a.shape());
    assertEquals(0, a.data().length);
  }

  /** Proves np.load compatibility without Python at test time: our bytes equal the bytes np.save wrote. */
  @Test
  void writesTheSameBytesAsNumpySave() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, Npy.ofMatrix(3, 4, M34.clone()));
    assertArrayEquals(Files.readAllBytes(fixture("f8_c_2d.npy")), out.toByteArray());
  }

  @Test
  void roundTripIsBitExactIncludingSpecialValues() throws Exception {
    double[] v = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Math.PI, 1e-310, Double.NaN,
        Double.longBitsToDouble(0x7ff0_0000_dead_beefL), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (NpyArray a : new NpyArray[] {Npy.ofVector(v), Npy.ofMatrix(2, 5, v), Npy.ofMatrix(5, 2, v)}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.write(out, a);
      NpyArray back = Npy.read(new ByteArrayInputStream(out.toByteArray()), "mem");
      assertArrayEquals(a.shape(), back.shape());
      assertBitsEqual(v, back.data());
    }
  }

  /** Crosses the 64 KiB chunk boundary of reader and writer. */
  @Test
  void roundTripThroughFileSpanningManyChunks() throws Exception {
    int rows = 300;
    int cols = 101;
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i) * 1e3;
    }
    Path file = tmp.resolve("big.npy");
    Npy.write(file, Npy.ofMatrix(rows, cols, v));
    NpyArray back = Npy.read(file);
    assertArrayEquals(new int[] {rows, cols}, back.shape());
    assertBitsEqual(v, back.data());
  }

  @Test
  void writeToPathReplacesExistingFileAndLeavesNoTemporaryFiles() throws Exception {
    Path file = tmp.resolve("a.npy");
    Npy.write(file, Npy.ofVector(new double[] {1, 2, 3}));
    Npy.write(file, Npy.ofVector(new double[] {4}));
    assertBitsEqual(new double[] {4}, Npy.read(file).data());
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  private static DataFormatException rejection(String file) throws URISyntaxException {
    Path p = fixture(file);
    return assertThrows(DataFormatException.class, () -> Npy.read(p));
  }

  @Test
  void rejectsNumpyInt64NamingFileAndDtype() throws Exception {
    assertEquals(fixture("i8_1d.npy") + ": dtype '<i8' not supported (need float64 or float32)",
        rejection("i8_1d.npy").getMessage());
  }

  @Test
  void rejectsNumpyComplex() throws Exception {
    assertEquals("dtype '<c16' not supported (need float64 or float32)", rejection("c16_1d.npy").problem());
  }

  @Test
  void rejectsNumpyRank3() throws Exception {
    assertEquals("rank 3 (shape (2, 2, 2)) not supported (need 1-D or 2-D)", rejection("f8_rank3.npy").problem());
  }

  @Test
  void rejectsNumpyTruncatedFileCountingWholeValues() throws Exception {
    DataFormatException e = rejection("f8_truncated.npy");
    assertEquals(fixture("f8_truncated.npy") + ": truncated: header says 12 values, file has 4 and 5 stray bytes",
        e.getMessage());
  }

  /** A .npy image with the given version and header dict, padded like numpy pads it, followed by {@code data}. */
  private static byte[] image(int major, String dict, byte[] data) {
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + dict.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) dict.length());
    } else {
      b.putInt(dict.length());
    }
    return b.put(dict.getBytes(StandardCharsets.ISO_8859_1)).put(data).array();
  }

  private static String problemReading(byte[] bytes) {
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(bytes), "stream-7"));
    assertEquals("stream-7", e.name());
    assertTrue(e.getMessage().startsWith("stream-7: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    return e.problem();
  }

  private static final String DICT_2 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";

  @Test
  void acceptsTheSyntheticImageUsedByTheRejectionTests() throws Exception {
    NpyArray a = Npy.read(new ByteArrayInputStream(image(1, DICT_2, new byte[16])), "ok");
    assertBitsEqual(new double[] {0, 0}, a.data());
  }

  @Test
  void rejectsBadMagicAndEmptyInput() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0};
    assertEquals("not a .npy file (bad magic; expected \\x93NUMPY)", problemReading(png));
    assertEquals("not a .npy file (bad magic; expected \\x93NUMPY)", problemReading(new byte[0]));
  }

  @Test
  void rejectsUnknownFormatVersion() {
    byte[] b = image(1, DICT_2, new byte[16]);
    b[6] = 4;
    assertEquals("format version 4.0 not supported (need 1.0-3.0)", problemReading(b));
  }

  @Test
  void rejectsFilesEndingInsideThePreambleOrHeader() {
    byte[] whole = image(1, DICT_2, new byte[16]);
    assertEquals("truncated: file ends inside the format version", problemReading(slice(whole, 7)));
    assertEquals("truncated: file ends inside the header length", problemReading(slice(whole, 9)));
    assertEquals("truncated: header says " + DICT_2.length() + " bytes, file has 20", problemReading(slice(whole, 30)));
  }

  private static byte[] slice(byte[] b, int length) {
    return java.util.Arrays.copyOf(b, length);
  }

  @Test
  void rejectsAbsurdHeaderLengthBeforeAllocating() {
    byte[] b = image(2, DICT_2, new byte[16]);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fff_ffff);
    assertEquals("header length 2147483647 exceeds the limit of 65536 bytes", problemReading(b));
  }

  @Test
  void rejectsObjectAndStructuredDtypes() {
    assertEquals("dtype '|O' not supported (need float64 or float32)",
        problemReading(image(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new byte[16])));
    assertEquals("structured dtype not supported (need float64 or float32)", problemReading(image(1,
        "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", new byte[24])));
  }

  @Test
  void rejectsMalformedHeaders() {
    assertEquals("malformed header at character 9: expected ':'",
        problemReading(image(1, "{'descr' '<f8', 'fortran_order': False, 'shape': (2,), }", new byte[16])));
    assertEquals("malformed header: missing key 'shape'",
        problemReading(image(1, "{'descr': '<f8', 'fortran_order': False}", new byte[16])));
    assertEquals("malformed header: unexpected key 'extra'", problemReading(
        image(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", new byte[16])));
    assertEquals("malformed header: fortran_order must be True or False",
        problemReading(image(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", new byte[16])));
    assertEquals("malformed header: shape (2, -1) must hold integers in [0, 2147483639]",
        problemReading(image(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }", new byte[16])));
    assertEquals("malformed header: not a dict literal", problemReading(image(1, "(2, 3)", new byte[0])));
  }

  @Test
  void rejectsShapesTooLargeForAJavaArray() {
    assertEquals("shape (100000, 100000) has more values than a Java array can hold", problemReading(
        image(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", new byte[0])));
  }

  @Test
  void rejectsBytesAfterTheData() {
    assertEquals("unexpected bytes after the 2 values the header declares",
        problemReading(image(1, DICT_2, new byte[17])));
  }

  @Test
  void requireShapeAcceptsWildcardsAndNamesBothShapesOnMismatch() throws Exception {
    NpyArray a = Npy.ofMatrix(250, 400, new double[250 * 400]);
    Npy.requireShape(a, "A.npy", 250, 400);
    Npy.requireShape(a, "A.npy", -1, 400);
    Npy.requireShape(a, "A.npy", -1, -1);
    DataFormatException e = assertThrows(DataFormatException.class, () -> Npy.requireShape(a, "A.npy", 250, 500));
    assertEquals("A.npy: shape (250, 400) does not match expected (250, 500)", e.getMessage());
    e = assertThrows(DataFormatException.class, () -> Npy.requireShape(a, "A.npy", -1));
    assertEquals("A.npy: shape (250, 400) does not match expected (*,)", e.getMessage());
  }

  @Test
  void requireFiniteNamesTheFirstBadIndexAndItsRowAndColumn() throws Exception {
    double[] v = {1, 2, 3, 4, 5, Double.NaN, 7, Double.POSITIVE_INFINITY};
    assertFalse(Npy.allFinite(Npy.ofVector(v)));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Npy.requireFinite(Npy.ofMatrix(2, 4, v), "b.npy"));
    assertEquals("b.npy: contains NaN or Inf at index 5 (row 1, column 1)", e.getMessage());
    e = assertThrows(DataFormatException.class, () -> Npy.requireFinite(Npy.ofVector(v), "x.npy"));
    assertEquals("x.npy: contains NaN or Inf at index 5", e.getMessage());
    double[] ok = {1, -0.0, Double.MAX_VALUE};
    assertTrue(Npy.allFinite(Npy.ofVector(ok)));
    Npy.requireFinite(Npy.ofVector(ok), "ok.npy");
  }

  @Test
  void columnMajorConversionsAreInverse() {
    double[] colMajor = {1, 2, 3, 4, 5, 6}; // 2 × 3: rows (1, 3, 5) and (2, 4, 6)
    NpyArray a = Npy.ofColumnMajor(2, 3, colMajor);
    assertBitsEqual(new double[] {1, 3, 5, 2, 4, 6}, a.data());
    assertBitsEqual(colMajor, a.toColumnMajor());
  }

  @Test
  void readingAPathThatDoesNotExistIsAnIoErrorNotAFormatError() {
    IOException e = assertThrows(IOException.class, () -> Npy.read(tmp.resolve("missing.npy")));
    assertFalse(e instanceof DataFormatException);
  }
}
