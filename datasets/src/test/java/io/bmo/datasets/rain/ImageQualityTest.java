package io.bmo.datasets.rain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.SyntheticImages;
import org.junit.jupiter.api.Test;

class ImageQualityTest {
  /** Separable vs direct 2-D window sums differ only by summation order: a few ulps of values ≤ 1. */
  private static final double SUM_ORDER_TOL = 1e-12;

  private static GrayImage image(long seed) {
    return new SyntheticImages(seed, 30, 37).image(0);
  }

  @Test
  void psnrOfAConstantOffsetIsClosedForm() {
    GrayImage a = image(1);
    double[] shifted = a.pixels().clone();
    for (int p = 0; p < shifted.length; p++) {
      shifted[p] += 0.05;
    }
    // MSE = 0.05², PSNR = 10 log10(1 / 0.0025) = 26.0206 dB.
    assertEquals(20 * Math.log10(1 / 0.05), ImageQuality.psnr(new GrayImage(30, 37, shifted), a, 1), SUM_ORDER_TOL);
    assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a, 1));
  }

  @Test
  void ssimIsOneForIdenticalSymmetricAndAtMostOne() {
    GrayImage a = image(1);
    GrayImage b = image(2);
    assertEquals(1.0, ImageQuality.ssim(a, a, 1), SUM_ORDER_TOL);
    double ab = ImageQuality.ssim(a, b, 1);
    assertEquals(ab, ImageQuality.ssim(b, a, 1), SUM_ORDER_TOL);
    assertTrue(ab < 1);
  }

  /** Constant images: σ = 0, so SSIM = (2 μ_x μ_y + C₁) / (μ_x² + μ_y² + C₁) exactly. */
  @Test
  void ssimOfConstantImagesIsClosedForm() {
    double[] x = new double[20 * 20];
    double[] y = new double[20 * 20];
    java.util.Arrays.fill(x, 0.3);
    java.util.Arrays.fill(y, 0.5);
    double c1 = 0.01 * 0.01;
    double expected = (2 * 0.3 * 0.5 + c1) / (0.09 + 0.25 + c1);
    assertEquals(expected, ImageQuality.ssim(new GrayImage(20, 20, x), new GrayImage(20, 20, y), 1), 1e-9);
  }

  @Test
  void ssimMatchesADirectWindowedComputation() {
    GrayImage a = image(3);
    GrayImage b = image(4);
    assertEquals(slowSsim(a, b, 1), ImageQuality.ssim(a, b, 1), SUM_ORDER_TOL);
    // The data range enters only through C1, C2: images scaled by 255 with L = 255 give the same value.
    assertEquals(ImageQuality.ssim(a, b, 1), ImageQuality.ssim(scale(a, 255), scale(b, 255), 255), SUM_ORDER_TOL);
  }

  private static GrayImage scale(GrayImage g, double s) {
    double[] p = g.pixels().clone();
    for (int k = 0; k < p.length; k++) {
      p[k] *= s;
    }
    return new GrayImage(g.height(), g.width(), p);
  }

  /** Independent path: 2-D weights exp(−(di² + dj²)/(2σ²)) normalised directly, window statistics by definition. */
  private static double slowSsim(GrayImage x, GrayImage y, double range) {
    int h = x.height();
    int w = x.width();
    double[][] win = new double[11][11];
    double total = 0;
    for (int di = 0; di < 11; di++) {
      for (int dj = 0; dj < 11; dj++) {
        win[di][dj] = Math.exp(-((di - 5) * (di - 5) + (dj - 5) * (dj - 5)) / (2 * 1.5 * 1.5));
        total += win[di][dj];
      }
    }
    double c1 = Math.pow(0.01 * range, 2);
    double c2 = Math.pow(0.03 * range, 2);
    double sum = 0;
    int count = 0;
    for (int i = 0; i + 11 <= h; i++) {
      for (int j = 0; j + 11 <= w; j++) {
        double mx = 0;
        double my = 0;
        for (int di = 0; di < 11; di++) {
          for (int dj = 0; dj < 11; dj++) {
            mx += win[di][dj] / total * x.get(i + di, j + dj);
            my += win[di][dj] / total * y.get(i + di, j + dj);
          }
        }
        double vx = 0;
        double vy = 0;
        double cxy = 0;
        for (int di = 0; di < 11; di++) {
          for (int dj = 0; dj < 11; dj++) {
            double u = x.get(i + di, j + dj) - mx;
            double v = y.get(i + di, j + dj) - my;
            vx += win[di][dj] / total * u * u;
            vy += win[di][dj] / total * v * v;
            cxy += win[di][dj] / total * u * v;
          }
        }
        sum += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        count++;
      }
    }
    return sum / count;
  }
}
