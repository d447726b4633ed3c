package io.bmo.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The four flips against their pixel definition, as involutions, as their own transposes and composed by xor. */
class FlipsTest {
  static final int H = 3;
  static final int W = 5;

  static double[] image(double phase) {
    double[] x = new double[H * W];
    for (int q = 0; q < x.length; q++) {
      x[q] = Math.sin(1.7 * q + phase);
    }
    return x;
  }

  @Test
  void eachFlipMovesPixelsAsDefined() {
    double[] x = image(0);
    double[] y = new double[H * W];
    for (int f = 0; f < Flips.COUNT; f++) {
      Flips.apply(f, x, y, H, W);
      for (int r = 0; r < H; r++) {
        for (int c = 0; c < W; c++) {
          int fr = (f & 2) != 0 ? H - 1 - r : r;
          int fc = (f & 1) != 0 ? W - 1 - c : c;
          assertEquals(x[fr * W + fc], y[r * W + c], 0.0, "flip " + f + " at " + r + "," + c);
        }
      }
    }
  }

  @Test
  void flipsAreInvolutionsTheirOwnTransposesAndComposeByXor() {
    double[] x = image(0);
    double[] z = image(0.4);
    double[] a = new double[H * W];
    double[] b = new double[H * W];
    double[] c = new double[H * W];
    for (int f = 0; f < Flips.COUNT; f++) {
      Flips.apply(f, x, a, H, W);
      Flips.apply(f, a, b, H, W);
      assertArrayEquals(x, b, 0.0, "F_f F_f = I for f = " + f);
      Flips.apply(f, z, b, H, W);
      assertEquals(dot(a, z), dot(x, b), 1e-14, "<F x, z> = <x, F z> for f = " + f);
      for (int g = 0; g < Flips.COUNT; g++) {
        Flips.apply(g, a, b, H, W);
        Flips.apply(f ^ g, x, c, H, W);
        assertArrayEquals(c, b, 0.0, "F_g F_f = F_(f xor g) for " + f + ", " + g);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Flips.apply(4, x, a, H, W));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int q = 0; q < a.length; q++) {
      s += a[q] * b[q];
    }
    return s;
  }
}
