package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The columns of the per-dimension view: numeric order, first-seen order of words, equal-count bins. */
class DimensionViewTest {
  private static String[] p(String value, double objective) {
    return new String[] {value, Double.toString(objective)};
  }

  @Test
  void numericValuesInOrderWordsAsFirstSeen() {
    Map<String, double[]> num = DimensionView.columns(List.of(p("0.2", 1), p("0.05", 2), p("0.2", 3), p("1e-3", 4)));
    assertEquals(List.of("1e-3", "0.05", "0.2"), List.copyOf(num.keySet()));
    assertArrayEquals(new double[] {1, 3}, num.get("0.2"));
    Map<String, double[]> words = DimensionView.columns(List.of(p("lista", 1), p("ista", 2), p("inf", 3),
        p("lista", 4)));
    assertEquals(List.of("lista", "ista", "inf"), List.copyOf(words.keySet()));
    assertArrayEquals(new double[] {1, 4}, words.get("lista"));
  }

  /** 25 distinct values: 10 bins of 2 or 3 trials in value order (bin b holds sorted trials ⌊25b/10⌋ … ⌊25(b+1)/10⌋−1). */
  @Test
  void manyNumbersArePooledIntoEqualCountBins() {
    List<String[]> points = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      points.add(p(Integer.toString(i), 100 + i));
    }
    Map<String, double[]> bins = DimensionView.columns(points);
    assertEquals(DimensionView.MAX_COLUMNS, bins.size());
    List<double[]> cols = List.copyOf(bins.values());
    assertArrayEquals(new double[] {100, 101}, cols.get(0));
    assertArrayEquals(new double[] {102, 103, 104}, cols.get(1));
    assertArrayEquals(new double[] {122, 123, 124}, cols.get(9));
    assertEquals("0.00 … 1.00", List.copyOf(bins.keySet()).get(0));
    int total = cols.stream().mapToInt(c -> c.length).sum();
    assertEquals(25, total);
  }
}
