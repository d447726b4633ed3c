package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {
  /** The old table printed t quantiles to 3 decimals. */
  private static final double TABLE_TOL = 5e-4;
  /** Error bound stated for the old Cornish–Fisher expansion beyond 30 degrees of freedom. */
  private static final double EXPANSION_TOL = 1e-4;
  /** Inversion accuracy of the t CDF plus a few ulps of the closed forms. */
  private static final double QUANTILE_TOL = 1e-12;

  @Test
  void meanStdAndStudentIntervalByHand() {
    Stats s = Stats.of(new double[] {1, 2, 3, 4, Double.NaN});
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 0);
    assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-15);
    double half = Stats.t975(3) * Math.sqrt(5.0 / 3) / 2;
    assertEquals(2.5 - half, s.ciLow(), 1e-12);
    assertEquals(2.5 + half, s.ciHigh(), 1e-12);
    assertTrue(Double.isNaN(Stats.of(new double[] {7}).std()));
    assertEquals(7, Stats.of(new double[] {7, Double.POSITIVE_INFINITY}).mean(), 0);
    assertEquals(0, Stats.of(new double[0]).n());
    assertTrue(Double.isNaN(Stats.t975(0)));
  }

  @Test
  void tQuantileClosedForms() {
    // df = 1 is the Cauchy distribution: t_p = tan(π(p − ½)); df = 2: t_p = (2p − 1)·√(2 / (4p(1 − p)))
    assertEquals(Math.tan(Math.PI * 0.475), Stats.t975(1), QUANTILE_TOL * 13);
    assertEquals(0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025)), Stats.t975(2), QUANTILE_TOL);
  }

  @Test
  void tQuantileAgreesWithTheOldTableAndExpansion() {
    for (int df = 1; df <= 30; df++) {
      assertEquals(LegacyStats.t975(df), Stats.t975(df), TABLE_TOL, "df " + df);
    }
    for (int df = 31; df <= 2000; df += 7) {
      assertEquals(LegacyStats.t975(df), Stats.t975(df), EXPANSION_TOL, "df " + df);
    }
  }

  @Test
  void bitIdenticalMeanAndStdAndCloseIntervalOnRandomSamples() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      double[] xs = new double[2 + rnd.nextInt(40)];
      double scale = Math.pow(10, rnd.nextInt(12) - 6);
      for (int i = 0; i < xs.length; i++) {
        xs[i] = rnd.nextInt(10) == 0 ? Double.NaN : -3 * scale + scale * rnd.nextGaussian();
      }
      Stats now = Stats.of(xs);
      LegacyStats was = LegacyStats.of(xs);
      assertEquals(was.n(), now.n());
      if (was.n() > 0) {
        assertEquals(was.mean(), now.mean(), 0);
      }
      if (was.n() > 1) {
        assertEquals(was.std(), now.std(), 0);
        double halfWas = was.ciHigh() - was.mean();
        assertEquals(halfWas, now.ciHigh() - now.mean(), TABLE_TOL / 2 * halfWas);
      }
    }
  }

  @Test
  void medianPruneRule() {
    PruneRule r = PruneRule.of(List.of(new double[] {5, 4, 3}, new double[] {6, 5, 4}, new double[] {7, 6}), 1, 2);
    assertEquals(5, r.median()[1], 0);
    assertEquals(3.5, r.median()[2], 0);
    assertTrue(!r.prune(0, 100), "warm-up");
    assertTrue(r.prune(1, 5.5));
    assertTrue(!r.prune(1, 5.0));
    assertTrue(!r.prune(3, 100), "no reference at step 3");
  }

  @Test
  void csvRoundTripWithQuotes() {
    CsvTable t = new CsvTable(List.of("a", "b"));
    t.add(List.of("x, \"y\"", "1.5"));
    t.add(List.of("", "line\nbreak"));
    CsvTable u = CsvTable.parse(t.toCsv());
    assertEquals(t.header(), u.header());
    assertEquals(t.rows(), u.rows());
  }
}
