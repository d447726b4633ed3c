package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.imaging.operator.ForwardModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CropSource} and {@link SyntheticImageSource}: example i depends only on i, whatever block reads it. */
class ImageSourcesTest {
  static final Degradation NOISE = new Degradation(new ForwardModel.Identity(), 0.1,
      SyntheticImageSource.noiseSeed(3));

  static void assertOrderIndependent(ImageSource src) {
    int px = src.shape().pixels();
    int n = (int) src.size();
    double[] c = new double[n * px];
    double[] y = new double[n * px];
    src.fill(0, n, c, y);
    long[] reversed = new long[n];
    for (int i = 0; i < n; i++) {
      reversed[i] = n - 1 - i;
    }
    double[] c2 = new double[px];
    double[] y2 = new double[px];
    for (int i = 0; i < n; i++) {
      src.gather(reversed, n - 1 - i, 1, c2, y2);
      assertArrayEquals(Arrays.copyOfRange(c, i * px, (i + 1) * px), c2, "clean " + i);
      assertArrayEquals(Arrays.copyOfRange(y, i * px, (i + 1) * px), y2, "degraded " + i);
    }
    assertNotEquals(Arrays.copyOfRange(y, 0, px)[0] - Arrays.copyOfRange(c, 0, px)[0],
        Arrays.copyOfRange(y, px, 2 * px)[0] - Arrays.copyOfRange(c, px, 2 * px)[0], "noise differs per example");
  }

  @Test
  void syntheticExamplesDependOnlyOnTheirIndex() {
    assertOrderIndependent(new SyntheticImageSource(new SyntheticImages(3, 12, 10), 4, NOISE));
    assertNotEquals(3L, SyntheticImageSource.noiseSeed(3));
    assertThrows(IllegalArgumentException.class, () -> new SyntheticImageSource(new SyntheticImages(3, 8, 8), 2,
        new Degradation(new ForwardModel.Identity(), 0.1, 3)), "noise seed equal to the image seed");
  }

  @Test
  void cropExamplesDependOnlyOnTheirIndex() {
    GrayImage img = new SyntheticImages(9, 20, 20).image(0);
    List<GrayImage> crops = Crops.cut(img, 8, 8, 6);
    CropSource src = new CropSource(crops, NOISE);
    assertEquals(crops.size(), src.size());
    assertOrderIndependent(src);
    double[] c = new double[64];
    src.gather(new long[] {2}, 0, 1, c, new double[64]);
    assertArrayEquals(crops.get(2).pixels(), c);
    assertThrows(IndexOutOfBoundsException.class, () -> src.gather(new long[] {99}, 0, 1, c, new double[64]));
  }
}
