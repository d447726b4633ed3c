package io.bmo.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.param.ParamLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvNetSpecTest {
  /**
   * Sample moments of n = 64·64·9 = 36,864 normal draws: the variance estimate has relative standard error
   * √(2/n) ≈ 0.74 %, the mean a standard error σ/√n; 4 standard errors each.
   */
  private static final double VARIANCE_REL_TOL = 4 * Math.sqrt(2.0 / 36_864);

  @Test
  void layoutIsLayerByLayerWeightsThenBiases() {
    ConvNetSpec s = new ConvNetSpec(3, 8, 5, List.of(1, 2, 4), Padding.CIRCULAR, true);
    // layer 0: 2 -> 8, layer 1: 8 -> 8, layer 2: 8 -> 1, 5x5 kernels
    int[] sizes = {8 * 2 * 25, 8, 8 * 8 * 25, 8, 8 * 25, 1};
    assertEquals(Arrays.stream(sizes).sum(), s.parameterCount());
    ParamLayout layout = s.layout();
    assertEquals(s.parameterCount(), layout.size());
    for (int l = 0; l < 3; l++) {
      assertEquals(s.weightOffset(l), layout.offset("layer" + l + ".weight"));
      assertEquals(s.biasOffset(l), layout.offset("layer" + l + ".bias"));
    }
    assertArrayEquals(new int[] {8, 2 * 25}, layout.block("layer0.weight").shape());
    assertEquals(1 + 4 * (1 + 2 + 4), s.receptiveField());
    assertTrue(s.relu(1) && !s.relu(2));
    ConvNetSpec single = ConvNetSpec.plain(1, 8, 3, Padding.ZERO, false);
    assertEquals(9 + 1, single.parameterCount(), "one layer: image -> 1 channel");
  }

  @Test
  void invalidSpecsAreRejectedNamingTheValue() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ConvNetSpec.plain(3, 4, 4, Padding.ZERO, false))
        .getMessage().contains("4"));
    assertThrows(IllegalArgumentException.class, () -> new ConvNetSpec(2, 4, 3, List.of(1), Padding.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> new ConvNetSpec(1, 4, 3, List.of(0), Padding.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> ConvNetSpec.plain(0, 4, 3, Padding.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> ConvNetSpec.plain(2, 4, 3, null, false));
  }

  @Test
  void initialisationIsSeededKaimingNormalWithZeroBiases() {
    ConvNetSpec s = ConvNetSpec.plain(3, 64, 3, Padding.ZERO, true);
    double[] p = s.initialParameters(42);
    assertArrayEquals(p, s.initialParameters(42), "same seed, same bits");
    assertTrue(p[s.weightOffset(1)] != s.initialParameters(43)[s.weightOffset(1)], "another seed, other values");
    // layer l depends only on (seed, l): a deeper network starts with the same first two layers
    double[] deeper = ConvNetSpec.plain(5, 64, 3, Padding.ZERO, true).initialParameters(42);
    assertArrayEquals(Arrays.copyOfRange(p, 0, s.biasOffset(1)), Arrays.copyOfRange(deeper, 0, s.biasOffset(1)));
    int from = s.weightOffset(1);
    int n = s.weightCount(1);
    double mean = 0;
    for (int i = from; i < from + n; i++) {
      mean += p[i];
    }
    mean /= n;
    double var = 0;
    for (int i = from; i < from + n; i++) {
      var += (p[i] - mean) * (p[i] - mean);
    }
    var /= n - 1;
    double expected = 2.0 / (64 * 9);
    assertEquals(0.0, mean, 4 * Math.sqrt(expected / n), "mean");
    assertEquals(expected, var, VARIANCE_REL_TOL * expected, "variance 2 / fan_in");
    for (int l = 0; l < s.depth(); l++) {
      for (int o = 0; o < s.outChannels(l); o++) {
        assertEquals(0.0, p[s.biasOffset(l) + o], "biases start at 0");
      }
    }
  }
}
