package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.operator.ForwardModel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircularBlurTest {
  /** FFT round trip of O(1) values: a few ε·log(n) per pixel. */
  private static final double TOL = 1e-13;

  /** 3×3, 5×5 and non-square kernels, and a 9×9 kernel wider than the 6-row image (taps wrap around). */
  @ParameterizedTest
  @CsvSource({"6,7,3,3", "6,7,5,5", "8,8,1,5", "7,10,3,7", "6,7,9,9"})
  void blurMatchesTheNaiveLoop(int h, int w, int kh, int kw) {
    Random rnd = new Random(h * 31 + kh * 7 + kw);
    BlurKernel k = Dense.randomKernel(rnd, kh, kw);
    double[] x = Dense.random(rnd, h * w);
    double[] y = new double[h * w];
    new CircularBlur(new BlurSpectrum(k, new ImageShape(h, w))).apply(x, y);
    assertArrayEquals(Dense.blur(k, x, h, w), y, TOL);
  }

  /**
   * Mirroring the image mirrors the kernel: {@code F(k ∗ x) = k.flipped(f) ∗ F x} for the four flips, by the naive loop
   * and by the FFT, on non-square images and kernels (also one wider than the image); flipping twice is the identity.
   */
  @ParameterizedTest
  @CsvSource({"6,7,3,5", "7,10,5,3", "6,7,9,9", "8,8,1,7"})
  void mirroringTheImageMirrorsTheKernel(int h, int w, int kh, int kw) {
    Random rnd = new Random(h * 17 + kh * 5 + kw);
    BlurKernel k = Dense.randomKernel(rnd, kh, kw);
    double[] x = Dense.random(rnd, h * w);
    double[] kx = Dense.blur(k, x, h, w);
    double[] fx = new double[h * w];
    double[] expected = new double[h * w];
    double[] fft = new double[h * w];
    for (int f = 0; f < io.bmo.core.nn.Flips.COUNT; f++) {
      io.bmo.core.nn.Flips.apply(f, x, fx, h, w);
      io.bmo.core.nn.Flips.apply(f, kx, expected, h, w);
      BlurKernel kf = k.flipped(f);
      assertArrayEquals(expected, Dense.blur(kf, fx, h, w), TOL, "naive loop, flip " + f);
      new CircularBlur(new BlurSpectrum(kf, new ImageShape(h, w))).apply(fx, fft);
      assertArrayEquals(expected, fft, TOL, "FFT, flip " + f);
      assertEquals(k, kf.flipped(f), "flipping twice, flip " + f);
      assertEquals(f == 0 || (kh == 1 && f == 2), k.equals(kf), "a random kernel is not symmetric, flip " + f);
    }
    assertThrows(IllegalArgumentException.class, () -> k.flipped(4));
    // the transposed problem: (k ∗ x)ᵀ = kᵀ ∗ xᵀ on the W × H image
    double[] xt = new double[h * w];
    double[] kxt = new double[h * w];
    io.bmo.core.nn.Flips.transpose(x, xt, h, w);
    io.bmo.core.nn.Flips.transpose(kx, kxt, h, w);
    BlurKernel kt = k.transposed();
    assertEquals(kw, kt.rows());
    assertEquals(kh, kt.cols());
    assertArrayEquals(kxt, Dense.blur(kt, xt, w, h), TOL, "naive loop, transposed");
    new CircularBlur(new BlurSpectrum(kt, new ImageShape(w, h))).apply(xt, fft);
    assertArrayEquals(kxt, fft, TOL, "FFT, transposed");
    assertEquals(k, kt.transposed());
  }

  /** The adjoint is the transpose of the dense blur matrix, and ⟨k ∗ x, v⟩ = ⟨x, kᵀ ⋆ v⟩. */
  @ParameterizedTest
  @CsvSource({"6,7,3,3", "6,7,5,5", "6,7,9,9"})
  void adjointIsTheTranspose(int h, int w, int kh, int kw) {
    Random rnd = new Random(5 + kh);
    BlurKernel k = Dense.randomKernel(rnd, kh, kw);
    CircularBlur blur = new CircularBlur(new BlurSpectrum(k, new ImageShape(h, w)));
    double[] x = Dense.random(rnd, h * w);
    double[] v = Dense.random(rnd, h * w);
    double[] kx = new double[h * w];
    double[] ktv = new double[h * w];
    blur.apply(x, kx);
    blur.adjoint(v, ktv);
    assertArrayEquals(Dense.mulT(Dense.blurMatrix(k, h, w), v), ktv, TOL);
    assertEquals(Dense.dot(kx, v), Dense.dot(x, ktv), TOL * h * w);
  }

  /** An asymmetric kernel: convolution flips it, so the correlation of the imaging operators needs the flipped taps. */
  @Test
  void agreesWithTheImagingCorrelationOnFlippedTaps() {
    int h = 9;
    int w = 11;
    Random rnd = new Random(8);
    BlurKernel k = Dense.randomKernel(rnd, 3, 5);
    double[] x = Dense.random(rnd, h * w);
    ImageShape shape = new ImageShape(h, w);
    double[] viaImaging = new double[h * w];
    new ForwardModel.Kernel(3, 5, k.correlationTaps()).create(shape, 1).apply(x, viaImaging, 1);
    double[] viaFft = new double[h * w];
    new CircularBlur(new BlurSpectrum(k, shape)).apply(x, viaFft);
    assertArrayEquals(viaImaging, viaFft, TOL);
    double[] unflipped = new double[h * w];
    new ForwardModel.Kernel(3, 5, k.taps()).create(shape, 1).apply(x, unflipped, 1);
    assertTrue(Dense.maxAbsDiff(unflipped, viaFft) > 1e-3, "orientation must matter for an asymmetric kernel");
  }

  @Test
  void deltaKernelIsTheIdentityAndAShiftedDeltaShifts() {
    ImageShape shape = new ImageShape(5, 6);
    double[] x = Dense.random(new Random(3), 30);
    double[] y = new double[30];
    new CircularBlur(new BlurSpectrum(BlurKernel.delta(), shape)).apply(x, y);
    assertArrayEquals(x, y, TOL);
    // tap (0, 1) of a 3x3 kernel is offset (−1, 0): y(i, j) = x(i + 1, j)
    double[] t = new double[9];
    t[1] = 1;
    new CircularBlur(new BlurSpectrum(new BlurKernel(3, 3, t), shape)).apply(x, y);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 6; j++) {
        assertEquals(x[((i + 1) % 5) * 6 + j], y[i * 6 + j], TOL);
      }
    }
  }

  @Test
  void aliasingInputAndOutputIsAllowedAndResultsAreRepeatable() {
    ImageShape shape = new ImageShape(12, 10);
    BlurKernel k = Dense.randomKernel(new Random(4), 5, 5);
    CircularBlur blur = new CircularBlur(new BlurSpectrum(k, shape));
    double[] x = Dense.random(new Random(5), 120);
    double[] y = new double[120];
    blur.apply(x, y);
    double[] again = new double[120];
    blur.apply(x, again);
    assertTrue(Arrays.equals(y, again));
    blur.apply(x, x);
    assertTrue(Arrays.equals(y, x));
  }

  @Test
  void kernelAndShapeAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new BlurKernel(2, 3, new double[6]));
    assertThrows(IllegalArgumentException.class, () -> new BlurKernel(3, 3, new double[8]));
    assertThrows(IllegalArgumentException.class, () -> new BlurKernel(1, 1, new double[] {Double.NaN}));
    CircularBlur blur = new CircularBlur(new BlurSpectrum(BlurKernel.delta(), new ImageShape(4, 4)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> blur.apply(new double[15], new double[16]));
    assertTrue(e.getMessage().startsWith("input must hold one 4x4 image"), e.getMessage());
  }
}
