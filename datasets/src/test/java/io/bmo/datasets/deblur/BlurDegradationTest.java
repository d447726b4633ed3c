package io.bmo.datasets.deblur;

import io.bmo.core.deconv.MotionKernels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.SyntheticImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlurDegradationTest {
  /** FFT blur vs a direct sum of ≤ 625 O(1) terms. */
  private static final double BLUR_TOL = 1e-12;
  private static final double SIGMA = 7.65 / 255;
  /** 16 384 residuals: the sample mean errs by ~σ/128 and the sample std by ~σ/181 (one standard error). */
  private static final double MEAN_TOL = 5 * SIGMA / 128;
  private static final double STD_REL_TOL = 5.0 / 181;

  /** {@code (k ∗ x)(i, j) = Σ k[a, b] x((i − a + r) mod H, (j − b + r) mod W)}, literally. */
  private static double[] directBlur(BlurKernel k, GrayImage x) {
    int h = x.height();
    int w = x.width();
    double[] y = new double[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int a = 0; a < k.rows(); a++) {
          for (int b = 0; b < k.cols(); b++) {
            y[i * w + j] += k.tap(a, b) * x.get(Math.floorMod(i - a + k.rows() / 2, h),
                Math.floorMod(j - b + k.cols() / 2, w));
          }
        }
      }
    }
    return y;
  }

  @Test
  void noiseFreeObservationIsTheCircularConvolution() {
    GrayImage clean = new SyntheticImages(1, 40, 36).image(0);
    BlurKernel k = MotionKernels.standard(3).kernel(2);
    GrayImage y = new BlurDegradation(0, 9).apply(clean, k, 4);
    assertArrayEquals(directBlur(k, clean), y.pixels(), BLUR_TOL);
  }

  @Test
  void residualIsGaussianWithTheRequestedSigma() {
    GrayImage clean = new SyntheticImages(2, 128, 128).image(1);
    BlurKernel k = MotionKernels.standard(3).kernel(0);
    double[] blurred = directBlur(k, clean);
    double[] y = new BlurDegradation(SIGMA, 11).apply(clean, k, 0).pixels();
    double mean = 0;
    double sq = 0;
    for (int p = 0; p < y.length; p++) {
      double r = y[p] - blurred[p];
      mean += r;
      sq += r * r;
    }
    mean /= y.length;
    double std = Math.sqrt(sq / y.length - mean * mean);
    assertEquals(0, mean, MEAN_TOL);
    assertEquals(SIGMA, std, STD_REL_TOL * SIGMA);
  }

  @Test
  void exampleDependsOnlyOnSeedAndIndex() {
    GrayImage clean = new SyntheticImages(1, 32, 32).image(0);
    MotionBlurExamples ex = new MotionBlurExamples(MotionKernels.standard(5), new BlurDegradation(SIGMA, 6));
    MotionBlurExamples.Example three = ex.example(clean, 3);
    ex.example(clean, 2);
    MotionBlurExamples fresh = new MotionBlurExamples(MotionKernels.standard(5), new BlurDegradation(SIGMA, 6));
    MotionBlurExamples.Example again = fresh.example(clean, 3);
    assertEquals(three.kernel(), again.kernel());
    assertArrayEquals(three.blurred().pixels(), again.blurred().pixels(), 0.0);
    assertEquals(MotionKernels.standard(5).kernel(3), three.kernel());
    assertArrayEquals(new BlurDegradation(SIGMA, 6).apply(clean, three.kernel(), 3).pixels(),
        three.blurred().pixels(), 0.0);
    assertFalse(Arrays.equals(three.blurred().pixels(), ex.example(clean, 4).blurred().pixels()));
    GrayImage otherNoise = new BlurDegradation(SIGMA, 7).apply(clean, three.kernel(), 3);
    assertFalse(Arrays.equals(three.blurred().pixels(), otherNoise.pixels()));
  }

  @Test
  void invalidSigmaIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new BlurDegradation(-0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new BlurDegradation(Double.NaN, 0));
  }
}
