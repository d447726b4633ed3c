package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  /** Printed to 3 decimals in the table. */
  private static final double TABLE_TOL = 5e-4;

  @Test
  void meanStdAndStudentInterval() {
    Stats s = Stats.of(new double[] {1, 2, 3, 4, Double.NaN});
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 0);
    assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-15);
    double half = 3.182 * Math.sqrt(5.0 / 3) / 2;
    assertEquals(2.5 - half, s.ciLow(), 1e-12);
    assertEquals(2.5 + half, s.ciHigh(), 1e-12);
    assertTrue(Double.isNaN(Stats.of(new double[] {7}).std()));
    assertEquals(0, Stats.of(new double[0]).n());
  }

  @Test
  void tQuantileApproximationJoinsTheTable() {
    assertEquals(2.042, Stats.t975(30), 0);
    assertEquals(2.021, Stats.t975(40), TABLE_TOL);
    assertEquals(1.984, Stats.t975(100), TABLE_TOL);
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
