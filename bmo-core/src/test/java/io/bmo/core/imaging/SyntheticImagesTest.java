package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {
  @Test
  void imageDependsOnlyOnSeedAndIndex() {
    SyntheticImages gen = new SyntheticImages(11, 24, 32);
    GrayImage five = gen.image(5);
    gen.image(0);
    gen.image(9);
    assertArrayEquals(five.pixels(), new SyntheticImages(11, 24, 32).image(5).pixels(), 0.0);
    assertFalse(Arrays.equals(five.pixels(), gen.image(6).pixels()));
    assertFalse(Arrays.equals(five.pixels(), new SyntheticImages(12, 24, 32).image(5).pixels()));
  }

  @Test
  void valuesInUnitRangeWithStructure() {
    SyntheticImages gen = new SyntheticImages(1, 32, 32);
    for (int i = 0; i < 10; i++) {
      double[] px = gen.image(i).pixels();
      double mean = Arrays.stream(px).average().orElseThrow();
      double var = Arrays.stream(px).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertTrue(Arrays.stream(px).allMatch(v -> v >= 0 && v <= 1));
      assertTrue(var > 1e-3, "image " + i + " is nearly flat: variance " + var);
    }
  }
}
