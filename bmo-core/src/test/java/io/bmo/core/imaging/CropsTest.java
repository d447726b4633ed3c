package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CropsTest {
  private static GrayImage ramp(int h, int w) {
    double[] px = new double[h * w];
    for (int k = 0; k < px.length; k++) {
      px[k] = k;
    }
    return new GrayImage(h, w, px);
  }

  @Test
  void tilesRowMajorAndDropsPartialCrops() {
    GrayImage img = ramp(5, 7);
    List<GrayImage> crops = Crops.cut(img, 2, 3, 3);
    // corners r ∈ {0, 3}, c ∈ {0, 3}; c = 6 would need column 8
    assertEquals(4, crops.size());
    assertEquals(4, Crops.count(img, 2, 3, 3));
    assertEquals(img.get(0, 3), crops.get(1).get(0, 0), 0.0);
    assertEquals(img.get(3, 0), crops.get(2).get(0, 0), 0.0);
    assertEquals(img.get(4, 5), crops.get(3).get(1, 2), 0.0);
  }

  @Test
  void overlappingStrideAndTooSmallImages() {
    assertEquals(4 * 6, Crops.cut(ramp(5, 7), 2, 2, 1).size());
    assertEquals(0, Crops.cut(ramp(2, 2), 3, 3, 1).size());
  }
}
