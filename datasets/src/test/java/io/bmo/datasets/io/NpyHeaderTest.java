package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The Python-literal parser on header spellings numpy (old and new) and hand-written tools produce. */
class NpyHeaderTest {

  @Test
  void parsesWhatNumpyWrites() throws Exception {
    NpyHeader h = NpyHeader.parse("{'descr': '>f4', 'fortran_order': True, 'shape': (3, 4), }    \n", "h");
    assertEquals(4, h.itemSize());
    assertEquals(ByteOrder.BIG_ENDIAN, h.order());
    assertTrue(h.fortranOrder());
    assertArrayEquals(new int[] {3, 4}, h.shape());
    assertEquals(12, h.count());
  }

  @Test
  void acceptsKeyOrderDoubleQuotesNoTrailingCommaAndPython2Longs() throws Exception {
    NpyHeader h = NpyHeader.parse("{\"shape\":(5L,),\"fortran_order\":False,\"descr\":\"<f8\"}", "h");
    assertArrayEquals(new int[] {5}, h.shape());
    assertEquals(8, h.itemSize());
    assertFalse(h.fortranOrder());
  }

  @Test
  void scalarShapeBecomesLengthOne() throws Exception {
    NpyHeader h = NpyHeader.parse("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", "h");
    assertArrayEquals(new int[] {1}, h.shape());
    assertEquals(1, h.count());
  }

  @Test
  void zeroDimensionGivesZeroCountEvenNextToAHugeOne() throws Exception {
    NpyHeader h = NpyHeader.parse("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 0), }", "h");
    assertEquals(0, h.count());
  }

  private static String problem(String dict) {
    return assertThrows(DataFormatException.class, () -> NpyHeader.parse(dict, "h")).problem();
  }

  @Test
  void rejectsDuplicateKeysNoneAndGarbage() {
    assertEquals("malformed header at character 31: duplicate key 'descr'",
        problem("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}"));
    assertEquals("malformed header: shape must be a tuple",
        problem("{'descr': '<f8', 'fortran_order': False, 'shape': None}"));
    assertEquals("malformed header: shape must be a tuple",
        problem("{'descr': '<f8', 'fortran_order': False, 'shape': [3]}"));
    assertEquals("malformed header at character 1: unexpected character 'x'", problem("{x}"));
    assertEquals("malformed header at character 1: unexpected end", problem("{"));
    assertEquals("malformed header at character 9: unterminated string", problem("{'descr: "));
    assertEquals("malformed header at character 3: unexpected text after the dict", problem("{} {}"));
  }

  @Test
  void formatMatchesNumpySpelling() {
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }",
        NpyHeader.formatFloat64(new int[] {3, 4}));
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (7,), }", NpyHeader.formatFloat64(new int[] {7}));
  }
}
