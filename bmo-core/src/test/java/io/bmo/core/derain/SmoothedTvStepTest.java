package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SmoothedTvStepTest {
  /** Central differences with h = 1e-5 on a map whose curvature is ≤ 1/ε = 10: error ~ 10 h² + ε_mach/h ≈ 1e-9. */
  private static final double FD_TOL = 1e-7;
  private static final double H = 1e-5;
  private static final int HEIGHT = 4;
  private static final int WIDTH = 5;
  private static final int IMAGES = 2;
  private static final int N = HEIGHT * WIDTH * IMAGES;
  private static final double ALPHA = 0.3;

  private final SmoothedTvStep step = new SmoothedTvStep(HEIGHT, WIDTH, 0.1);

  private static double[] vec(Random rnd) {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  private double loss(double[] b, double alpha, double[] v) {
    double[] out = new double[N];
    step.apply(b, alpha, out, IMAGES);
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += v[i] * out[i];
    }
    return s;
  }

  /** The gradient step's own gradient: ∇J by central differences of J itself (independent of addGradient). */
  @Test
  void stepIsAGradientStepOnJ() {
    Random rnd = new Random(1);
    double[] b = vec(rnd);
    double[] out = new double[N];
    step.apply(b, 1.0, out, IMAGES);
    for (int p = 0; p < N; p++) {
      double keep = b[p];
      b[p] = keep + H;
      double plus = tv(b);
      b[p] = keep - H;
      double minus = tv(b);
      b[p] = keep;
      assertEquals((plus - minus) / (2 * H), b[p] - out[p], FD_TOL);
    }
  }

  @Test
  void vjpMatchesCentralDifferencesAndAPerturbedTermFails() {
    Random rnd = new Random(2);
    double[] b = vec(rnd);
    double[] v = vec(rnd);
    double[] gb = new double[N];
    double gAlpha = step.vjp(b, ALPHA, v, gb, IMAGES);
    for (int p = 0; p < N; p++) {
      double keep = b[p];
      b[p] = keep + H;
      double plus = loss(b, ALPHA, v);
      b[p] = keep - H;
      double minus = loss(b, ALPHA, v);
      b[p] = keep;
      assertEquals((plus - minus) / (2 * H), gb[p], FD_TOL, "pixel " + p);
    }
    double fdAlpha = (loss(b, ALPHA + H, v) - loss(b, ALPHA - H, v)) / (2 * H);
    assertEquals(fdAlpha, gAlpha, FD_TOL);
    assertTrue(Math.abs(fdAlpha - 1.001 * gAlpha) > FD_TOL, "a 0.1 % error in gα must be detectable");
    // The Hessian term alone is α·(v − gb); perturbing it by 0.1 % must be detected at some pixel.
    boolean detected = false;
    for (int p = 0; p < N; p++) {
      double keep = b[p];
      b[p] = keep + H;
      double plus = loss(b, ALPHA, v);
      b[p] = keep - H;
      double minus = loss(b, ALPHA, v);
      b[p] = keep;
      double perturbed = v[p] - 1.001 * (v[p] - gb[p]);
      detected |= Math.abs((plus - minus) / (2 * H) - perturbed) > FD_TOL;
    }
    assertTrue(detected);
  }

  private static double tv(double[] b) {
    double s = 0;
    for (int k = 0; k < IMAGES; k++) {
      for (int i = 0; i < HEIGHT; i++) {
        for (int j = 0; j < WIDTH; j++) {
          int q = k * HEIGHT * WIDTH + i * WIDTH + j;
          double dx = j + 1 < WIDTH ? b[q + 1] - b[q] : 0;
          double dy = i + 1 < HEIGHT ? b[q + WIDTH] - b[q] : 0;
          s += Math.sqrt(dx * dx + dy * dy + 0.01);
        }
      }
    }
    return s;
  }
}
