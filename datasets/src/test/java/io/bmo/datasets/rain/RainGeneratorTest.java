package io.bmo.datasets.rain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.derain.RainSpec;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.SyntheticImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RainGeneratorTest {
  /** Screen blend arithmetic is exact up to one rounding of each of b + r and b·r. */
  private static final double BLEND_TOL = 1e-15;

  @Test
  void exampleDependsOnlyOnSeedAndIndex() {
    RainGenerator gen = new RainGenerator(RainSpec.light(), 7);
    GrayImage five = gen.layer(48, 64, 5);
    gen.layer(48, 64, 3);
    assertArrayEquals(five.pixels(), new RainGenerator(RainSpec.light(), 7).layer(48, 64, 5).pixels(), 0.0);
    assertFalse(Arrays.equals(five.pixels(), gen.layer(48, 64, 6).pixels()));
    assertFalse(Arrays.equals(five.pixels(), new RainGenerator(RainSpec.light(), 8).layer(48, 64, 5).pixels()));
  }

  @Test
  void rainyImageIsTheScreenBlendAndStaysInUnitRange() {
    GrayImage clean = new SyntheticImages(3, 48, 64).image(0);
    RainGenerator gen = new RainGenerator(RainSpec.heavy(), 1);
    double[] r = gen.layer(48, 64, 2).pixels();
    double[] o = gen.apply(clean, 2).pixels();
    double[] b = clean.pixels();
    boolean someRain = false;
    for (int p = 0; p < o.length; p++) {
      assertTrue(r[p] >= 0 && r[p] <= 1);
      assertTrue(o[p] >= 0 && o[p] <= 1, "pixel " + p);
      assertTrue(o[p] >= Math.max(b[p], r[p]) - BLEND_TOL);
      assertEquals(1 - (1 - b[p]) * (1 - r[p]), o[p], BLEND_TOL);
      someRain |= r[p] > 0.1;
    }
    assertTrue(someRain);
  }

  /** Light rain is one direction: the layer's energy lies along the drawn angle, so it is strongly anisotropic. */
  @Test
  void lightRainStreaksAreElongated() {
    RainSpec vertical = new RainSpec(1, 0.004, new RainSpec.Range(0, 0), 0, new RainSpec.Range(20, 20),
        new RainSpec.Range(1.5, 1.5), new RainSpec.Range(0.5, 0.5));
    double[] r = new RainGenerator(vertical, 4).layer(96, 96, 0).pixels();
    double dv = 0;
    double dh = 0;
    for (int i = 0; i + 1 < 96; i++) {
      for (int j = 0; j + 1 < 96; j++) {
        dv += Math.abs(r[(i + 1) * 96 + j] - r[i * 96 + j]);
        dh += Math.abs(r[i * 96 + j + 1] - r[i * 96 + j]);
      }
    }
    // Vertical streaks of length 20 and width 1.5 vary slowly down a column and fast across it.
    assertTrue(dh > 3 * dv, "horizontal variation " + dh + " vs vertical " + dv);
  }

  @Test
  void invalidSpecIsRejectedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RainSpec(0, 0.01,
        new RainSpec.Range(0, 0), 0, new RainSpec.Range(5, 5), new RainSpec.Range(1, 1), new RainSpec.Range(1, 1)));
    assertTrue(e.getMessage().contains("directions"));
    assertThrows(IllegalArgumentException.class, () -> new RainSpec.Range(2, 1));
  }
}
