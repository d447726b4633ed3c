package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparseCodingSpecTest {

  private static String rejection(int m, int n, double p, double snrDb) {
    return assertThrows(IllegalArgumentException.class, () -> new SparseCodingSpec(m, n, p, snrDb, 1)).getMessage();
  }

  @Test
  void defaultsAreTheListaAlistaSetting() {
    SparseCodingSpec s = SparseCodingSpec.defaults(9);
    assertEquals(new SparseCodingSpec(250, 500, 0.1, Double.POSITIVE_INFINITY, 9), s);
    assertTrue(s.noiseless());
    SparseCodingSpec noisy = s.withSnrDb(40);
    assertEquals(new SparseCodingSpec(250, 500, 0.1, 40, 9), noisy);
    assertFalse(noisy.noiseless());
  }

  @Test
  void rejectsBadDimensionsNamingTheField() {
    assertEquals("m must be >= 1, got 0", rejection(0, 5, 0.1, 10));
    assertEquals("n must be >= 1, got -3", rejection(5, -3, 0.1, 10));
    assertEquals("m*n = 4611686014132420609 exceeds the largest Java array",
        rejection(Integer.MAX_VALUE, Integer.MAX_VALUE, 0.1, 10));
  }

  @Test
  void rejectsProbabilitiesOutsideTheHalfOpenUnitInterval() {
    for (double p : new double[] {0.0, -0.1, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertEquals("p must be in (0, 1], got " + p, rejection(5, 5, p, 10));
    }
    new SparseCodingSpec(5, 5, 1.0, 10, 1); // p = 1 (dense codes) is allowed
  }

  @Test
  void rejectsNanMinusInfinityAndAbsurdlyLowSnr() {
    for (double snr : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -300.5}) {
      assertEquals("snrDb must be finite and >= -300.0 or +Infinity (no noise), got " + snr, rejection(5, 5, 0.1, snr));
    }
    new SparseCodingSpec(5, 5, 0.1, -300, 1);
    new SparseCodingSpec(5, 5, 0.1, 1e6, 1); // 10^(snr/10) overflows to +inf: sigma = 0, harmless
  }
}
