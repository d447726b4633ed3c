package io.bmo.datasets.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterRngTest {
  private static final int SAMPLES = 40_000;
  /** 5 standard errors of a mean (1/√40000 = 0.005) and of a variance (√2/√40000 ≈ 0.007). */
  private static final double MEAN_TOL = 0.025;
  private static final double VAR_TOL = 0.035;

  @Test
  void streamDependsOnlyOnSeedAndIndex() {
    CounterRng a = CounterRng.of(7, 123);
    for (int k = 0; k < 1000; k++) {
      CounterRng.of(7, k).nextLong(); // drawing other streams must not matter
    }
    CounterRng b = CounterRng.of(7, 123);
    for (int k = 0; k < 100; k++) {
      assertEquals(Double.doubleToLongBits(a.nextGaussian()), Double.doubleToLongBits(b.nextGaussian()));
    }
    assertNotEquals(CounterRng.of(7, 123).nextLong(), CounterRng.of(7, 124).nextLong());
    assertNotEquals(CounterRng.of(7, 123).nextLong(), CounterRng.of(8, 123).nextLong());
  }

  @Test
  void knownFirstOutputPinsTheAlgorithm() {
    // SplitMix64 reference: state 0 + γ gives 0xE220A8397B1DCDAF.
    assertEquals(0xE220A8397B1DCDAFL, CounterRng.mix(0x9E3779B97F4A7C15L));
  }

  @Test
  void uniformAndGaussianMoments() {
    CounterRng r = CounterRng.of(1, 0);
    double su = 0;
    double sg = 0;
    double sg2 = 0;
    for (int k = 0; k < SAMPLES; k++) {
      double u = r.nextDouble();
      assertTrue(u >= 0 && u < 1);
      su += u;
      double g = r.nextGaussian();
      sg += g;
      sg2 += g * g;
    }
    assertEquals(0.5, su / SAMPLES, MEAN_TOL / Math.sqrt(12));
    assertEquals(0.0, sg / SAMPLES, MEAN_TOL);
    assertEquals(1.0, sg2 / SAMPLES, VAR_TOL);
    for (int k = 0; k < 1000; k++) {
      int v = r.nextInt(7);
      assertTrue(v >= 0 && v < 7);
    }
  }
}
