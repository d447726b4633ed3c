package io.bmo.datasets.rain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.derain.RainSpec.Range;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.SyntheticImages;
import io.bmo.datasets.image.Gray8;
import io.bmo.datasets.image.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRainTest {

  @Test
  void exampleDependsOnlyOnSeedAndIndex() {
    SegmentRain rain = SegmentRain.heavy(7);
    double[] five = new double[48 * 64];
    double c = rain.layer(48, 64, 5, five);
    double[] other = new double[48 * 64];
    rain.layer(48, 64, 3, other);
    double[] again = new double[48 * 64];
    assertEquals(c, SegmentRain.heavy(7).layer(48, 64, 5, again));
    assertArrayEquals(five, again, 0.0);
    assertFalse(Arrays.equals(five, other));
    SegmentRain.heavy(8).layer(48, 64, 5, other);
    assertFalse(Arrays.equals(five, other));
  }

  /** A vertical streak of width 1 through pixel centres covers one column with a·sin(π(t/L + 1/2)), nothing else. */
  @Test
  void verticalStreakIsItsClosedForm() {
    int h = 40;
    int w = 30;
    double[] r = new double[h * w];
    double length = 11;
    double a = 0.6;
    SegmentRain.streak(r, h, w, 20, 12, 0, 1, length, 1.0, a);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double t = i - 20;
        double want = j == 12 && Math.abs(t) < length / 2 ? a * StrictMath.sin(Math.PI * (t / length + 0.5)) : 0;
        assertEquals(want, r[i * w + j], 0.0, "pixel " + i + "," + j);
      }
    }
  }

  /**
   * Width 2 gives the neighbouring columns half coverage (their centres lie 1 px across, the edge at 1 px); a
   * horizontal streak (θ = 90°) is the vertical one transposed; overlapping streaks keep the larger value.
   */
  @Test
  void coverageTransposeAndMaximum() {
    int n = 32;
    double[] v = new double[n * n];
    SegmentRain.streak(v, n, n, 16, 16, 0, 1, 9, 2.0, 0.8);
    for (int i = 0; i < n; i++) {
      assertEquals(0.5 * v[i * n + 16], v[i * n + 15], 1e-15);
      assertEquals(0.5 * v[i * n + 16], v[i * n + 17], 1e-15);
      assertEquals(0.0, v[i * n + 14]);
    }
    double[] hz = new double[n * n];
    SegmentRain.streak(hz, n, n, 16, 16, 1, 0, 9, 2.0, 0.8);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(v[i * n + j], hz[j * n + i], 1e-15);
      }
    }
    double[] both = v.clone();
    SegmentRain.streak(both, n, n, 16, 16, 1, 0, 9, 2.0, 0.8);
    for (int p = 0; p < both.length; p++) {
      assertEquals(Math.max(v[p], hz[p]), both[p], 0.0);
    }
  }

  /** The binomial pass spreads an interior impulse as [1,2,1]⊗[1,2,1]/16 and leaves a constant layer unchanged. */
  @Test
  void binomialBlurIsItsStencil() {
    int h = 7;
    int w = 9;
    double[] a = new double[h * w];
    a[3 * w + 4] = 16;
    SegmentRain.binomial(a, h, w);
    double[] k = {1, 2, 1};
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int di = i - 3;
        int dj = j - 4;
        double want = Math.abs(di) <= 1 && Math.abs(dj) <= 1 ? k[di + 1] * k[dj + 1] : 0;
        assertEquals(want, a[i * w + j], 0.0);
      }
    }
    double[] c = new double[h * w];
    Arrays.fill(c, 0.375);
    SegmentRain.binomial(c, h, w);
    for (double x : c) {
      assertEquals(0.375, x, 0.0);
    }
  }

  /** O = B + R(c − B): B itself wherever R = 0, inside [0, 1] everywhere, and darker than B where B exceeds c. */
  @Test
  void rainyImageIsTheOverComposite() {
    GrayImage clean = new SyntheticImages(5, 64, 80).image(1);
    for (SegmentRain rain : new SegmentRain[] {SegmentRain.light(3), SegmentRain.heavy(3)}) {
      double[] r = new double[64 * 80];
      double c = rain.layer(64, 80, 2, r);
      double[] o = rain.apply(clean, 2).pixels();
      double[] b = clean.pixels();
      int rained = 0;
      for (int p = 0; p < o.length; p++) {
        assertTrue(r[p] >= 0 && r[p] <= 1);
        assertTrue(o[p] >= 0 && o[p] <= 1);
        if (r[p] == 0) {
          assertEquals(b[p], o[p], 0.0);
        } else {
          rained++;
          assertEquals(b[p] + r[p] * (c - b[p]), o[p], 0.0);
        }
      }
      assertTrue(rained > 0 && rained < o.length, "rained pixels " + rained);
    }
  }

  @Test
  void pairsAreWrittenWithThisRain(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    GrayImage clean = new SyntheticImages(9, 40, 56).image(0);
    ImageFiles.writePng(clean, images.resolve("a.png"));
    Path out = dir.resolve("pairs");
    assertEquals(1, RainPairsWriter.write(images, out, SegmentRain.light(4)));
    GrayImage cleanRead = Gray8.readGray8(out.resolve("norain-001.png"));
    GrayImage rainy = Gray8.readGray8(out.resolve("rain-001.png"));
    GrayImage want = SegmentRain.light(4).apply(cleanRead, 0);
    for (int p = 0; p < want.pixels().length; p++) {
      assertEquals(Math.round(255 * want.pixels()[p]), Math.round(255 * rainy.pixels()[p]), "pixel " + p);
    }
  }

  @Test
  void badRangesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SegmentRain(1, 0.001, 25, 4, new Range(12, 36), new Range(0.8, 1.8), new Range(0.3, 1.2),
            new Range(0.85, 1.0), 0, 1));
    assertTrue(e.getMessage().contains("opacity"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new SegmentRain(0, 0.001, 25, 4, new Range(12, 36), new Range(0.8, 1.8), new Range(0.3, 0.7),
            new Range(0.85, 1.0), 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new SegmentRain(1, 0.001, 90, 4, new Range(12, 36), new Range(0.8, 1.8), new Range(0.3, 0.7),
            new Range(0.85, 1.0), 0, 1));
  }
}
