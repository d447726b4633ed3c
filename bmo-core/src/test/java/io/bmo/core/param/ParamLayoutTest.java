package io.bmo.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Coordinate names follow the row-major flat layout, block by block. */
class ParamLayoutTest {
  @Test
  void coordinateNamesEveryFlatIndexInOrder() {
    ParamLayout l = ParamLayout.builder().add("theta", 3).add("W", 2, 4).add("s", 1).build();
    assertEquals(3 + 8 + 1, l.size());
    assertEquals("theta[0]", l.coordinate(0));
    assertEquals("theta[2]", l.coordinate(2));
    assertEquals("W[0,0]", l.coordinate(3));
    assertEquals("W[0,3]", l.coordinate(6));
    assertEquals("W[1,0]", l.coordinate(7));
    assertEquals("W[1,3]", l.coordinate(10));
    assertEquals("s[0]", l.coordinate(11));
    // Round trip: offset of the named block plus the row-major index is the flat index.
    for (int i = 0; i < l.size(); i++) {
      String c = l.coordinate(i);
      String name = c.substring(0, c.indexOf('['));
      String[] idx = c.substring(c.indexOf('[') + 1, c.length() - 1).split(",");
      int[] shape = l.block(name).shape();
      int local = 0;
      for (int d = 0; d < idx.length; d++) {
        local = local * shape[d] + Integer.parseInt(idx[d]);
      }
      assertEquals(i, l.offset(name) + local);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> l.coordinate(12));
    assertThrows(IndexOutOfBoundsException.class, () -> l.coordinate(-1));
  }
}
