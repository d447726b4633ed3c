package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paired t and Wilcoxon signed-rank p-values against hand computations. */
class PairedComparisonTest {
  /** The closed forms below are evaluated in double; commons-math3's t CDF is accurate to ~1e-14 here. */
  private static final double TOL = 1e-12;

  @Test
  void pairedTMatchesTheClosedFormForTwoDegreesOfFreedom() {
    // d = x − y = (0.5, 1, 2): d̄ = 7/6, s_d² = 7/12, t = d̄/√(s_d²/3) = √7. With ν = 2 the t CDF is
    // 1/2 + t/(2√(2 + t²)), so the two-sided p = 1 − t/√(2 + t²) = 1 − √7/3.
    PairedComparison.Result r = PairedComparison.compare(Map.of(1L, 1.0, 2L, 2.0, 3L, 5.0),
        Map.of(1L, 0.5, 2L, 1.0, 3L, 3.0, 4L, 9.0));
    assertEquals(3, r.n(), "seed 4 is not common");
    assertEquals(1 - Math.sqrt(7) / 3, r.pT(), TOL);
    // All three differences positive: W+ = 1+2+3 = 6; of the 2³ sign patterns only one reaches 6: p = 2·1/8.
    assertEquals(0.25, r.pWilcoxon(), TOL);
  }

  @Test
  void wilcoxonExactMatchesEnumerationWithMixedSigns() {
    // d = (0.3, −0.1, 0.5, 0.9, 0.7): ranks of |d| 2, 1, 3, 5, 4; W− = 1, W+ = 14. Subsets of {1..5} with rank sum
    // ≥ 14 are those whose complement sums to ≤ 1: {} and {1}, 2 of 32, so p = 2·2/32 = 0.125.
    Map<Long, Double> y = Map.of(1L, 0.0, 2L, 0.0, 3L, 0.0, 4L, 0.0, 5L, 0.0);
    Map<Long, Double> x = Map.of(1L, 0.3, 2L, -0.1, 3L, 0.5, 4L, 0.9, 5L, 0.7);
    PairedComparison.Result r = PairedComparison.compare(x, y);
    assertEquals(0.125, r.pWilcoxon(), TOL);
    // t by hand: d̄ = 0.46, Σ(d − d̄)² = 0.592, s_d = √0.148, t = 0.46/√(0.148/5) = 2.67366…; p from ν = 4:
    // F(t) = 1/2 + (3/4)·(t/√(4+t²))·(1 − (1/3)·t²/(4+t²))  (closed form of the t CDF for ν = 4).
    double t = 0.46 / Math.sqrt(0.148 / 5);
    double s = t / Math.sqrt(4 + t * t);
    double p = 1 - 2 * (0.75 * s * (1 - s * s / 3));
    assertEquals(p, r.pT(), TOL);
  }

  @Test
  void tooFewSeedsIsNaNAndIdenticalIsOne() {
    assertTrue(Double.isNaN(PairedComparison.compare(Map.of(1L, 1.0), Map.of(1L, 2.0)).pT()));
    assertEquals(1.0, PairedComparison.compare(Map.of(1L, 1.0, 2L, 3.0), Map.of(1L, 1.0, 2L, 3.0)).pT());
  }
}
