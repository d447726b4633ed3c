package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

class Fft2Test {
  /** FFT rounding is ~ε·log(n)·‖c‖₁ per coefficient; values here are O(1) sums of ≤ 633 terms. */
  private static final double TOL = 1e-11;

  /** The naive O(n²) DFT of the class comment's formula (StrictMath twiddles). */
  private static double[] naiveDft(double[] c, int h, int w) {
    double[] out = new double[c.length];
    for (int u = 0; u < h; u++) {
      for (int v = 0; v < w; v++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double t = -2 * Math.PI * ((double) u * i / h + (double) v * j / w);
            double cr = c[2 * (i * w + j)];
            double ci = c[2 * (i * w + j) + 1];
            re += cr * StrictMath.cos(t) - ci * StrictMath.sin(t);
            im += cr * StrictMath.sin(t) + ci * StrictMath.cos(t);
          }
        }
        out[2 * (u * w + v)] = re;
        out[2 * (u * w + v) + 1] = im;
      }
    }
    return out;
  }

  /** Split-radix (8, 16), mixed-radix (6, 7, 15) and Bluestein (211, prime) lengths, and a single row. */
  @ParameterizedTest
  @CsvSource({"6,7", "8,16", "15,8", "3,211", "1,5", "1,1"})
  void forwardMatchesTheNaiveDftAndInverseUndoesIt(int h, int w) {
    Random rnd = new Random(h * 1000L + w);
    double[] c = Dense.random(rnd, 2 * h * w);
    double[] expected = naiveDft(c, h, w);
    double[] f = c.clone();
    Fft2 fft = new Fft2(new ImageShape(h, w));
    fft.forward(f);
    assertArrayEquals(expected, f, TOL);
    fft.inverse(f);
    assertArrayEquals(c, f, TOL);
  }

  @Test
  void realInputHasAHermitianSpectrum() {
    int h = 6;
    int w = 9;
    double[] x = Dense.random(new Random(1), h * w);
    double[] c = new double[2 * h * w];
    Fft2.loadReal(x, c);
    new Fft2(new ImageShape(h, w)).forward(c);
    for (int u = 0; u < h; u++) {
      for (int v = 0; v < w; v++) {
        int p = u * w + v;
        int q = Fft2.mirror(u, h) * w + Fft2.mirror(v, w);
        assertEquals(c[2 * p], c[2 * q], TOL);
        assertEquals(c[2 * p + 1], -c[2 * q + 1], TOL);
      }
    }
  }

  /** Whatever another caller set, a transform runs single-threaded and gives the same bits. */
  @Test
  void forcesJTransformsToOneThread() {
    double[] c = Dense.random(new Random(2), 2 * 64 * 48);
    Fft2 fft = new Fft2(new ImageShape(64, 48));
    double[] first = c.clone();
    fft.forward(first);
    ConcurrencyUtils.setNumberOfThreads(4);
    double[] second = c.clone();
    fft.forward(second);
    assertEquals(1, ConcurrencyUtils.getNumberOfThreads());
    assertTrue(java.util.Arrays.equals(first, second));
  }

  @Test
  void rejectsAWronglySizedBuffer() {
    Fft2 fft = new Fft2(new ImageShape(4, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[16]));
    assertTrue(e.getMessage().contains("32"), e.getMessage());
  }
}
