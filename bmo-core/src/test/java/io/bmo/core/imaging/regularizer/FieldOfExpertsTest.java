package io.bmo.core.imaging.regularizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FieldOfExpertsTest extends RegularizerContractTest {
  /** Means and norms of 9 or 49 taps. */
  private static final double TAP_TOL = 1e-14;

  private static final FieldOfExperts.Model SMALL =
      new FieldOfExperts.Model(3, 3, FieldOfExperts.FilterInit.SEEDED_RANDOM, 42L, Math.log(0.1), Math.log(0.05), 1.0);

  @Override
  RegularizerModel model() {
    return SMALL;
  }

  @Override
  double[] theta() {
    double[] t = SMALL.initialTheta();
    t[FieldOfExperts.WEIGHTS] = 0.8;
    t[FieldOfExperts.WEIGHTS + 1] = 1.3;
    t[FieldOfExperts.WEIGHTS + 2] = -0.6;
    return t;
  }

  @Test
  void initialFiltersAreZeroMeanUnitNormAndDeterministic() {
    for (FieldOfExperts.Model m : new FieldOfExperts.Model[] {SMALL, FieldOfExperts.Model.DEFAULT}) {
      double[] t = m.initialTheta();
      int taps = m.size() * m.size();
      for (int i = 0; i < m.filters(); i++) {
        double mean = 0;
        double nrm = 0;
        for (int j = 0; j < taps; j++) {
          mean += t[m.filterOffset(i) + j];
          nrm += t[m.filterOffset(i) + j] * t[m.filterOffset(i) + j];
        }
        assertEquals(0.0, mean / taps, TAP_TOL);
        assertEquals(1.0, nrm, TAP_TOL);
      }
      assertArrayEquals(t, m.initialTheta(), 0.0);
    }
    assertEquals(2 + 10 + 10 * 49, FieldOfExperts.Model.DEFAULT.layout().size());
  }

  @Test
  void projectionRemovesFilterMeansOnly() {
    double[] t = theta();
    for (int j = SMALL.filterOffset(0); j < t.length; j++) {
      t[j] += 0.25;
    }
    double[] before = t.clone();
    SMALL.project(t);
    assertArrayEquals(theta(), t, TAP_TOL);
    assertEquals(before[FieldOfExperts.WEIGHTS], t[FieldOfExperts.WEIGHTS], 0.0);
  }

  @Test
  void layoutNamesFilterTaps() {
    assertEquals("filters[1,6]", SMALL.layout().coordinate(SMALL.filterOffset(1) + 6));
    assertThrows(IllegalArgumentException.class, () -> SMALL.layout().block("bogus"));
    assertThrows(IllegalArgumentException.class,
        () -> new FieldOfExperts.Model(9, 3, FieldOfExperts.FilterInit.DCT, 0, 0, 0, 1));
  }
}
