package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StreakStepTest {
  /** Central differences of a piecewise-linear-in-R, quadratic-in-f map away from kinks: error ≈ ε_mach/h ≈ 1e-11. */
  private static final double FD_TOL = 1e-7;
  private static final double H = 1e-6;
  /** Precondition margin: no |u| within this of λ, so ±H steps never cross a threshold kink. */
  private static final double KINK_MARGIN = 1e-4;
  private static final int HEIGHT = 5;
  private static final int WIDTH = 6;
  private static final int IMAGES = 2;
  private static final int N = HEIGHT * WIDTH * IMAGES;
  private static final int SIDE = 3;
  private static final double ETA = 0.2;
  private static final double LAMBDA = 0.15;

  private final StreakStep step = new StreakStep(HEIGHT, WIDTH, SIDE);

  private static double[] vec(Random rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  private double loss(double[] r, double[] f, double eta, double lambda, double[] v) {
    double[] out = new double[N];
    step.apply(r, f, eta, lambda, out, IMAGES);
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += v[i] * out[i];
    }
    return s;
  }

  private double fd(double[] x, int p, double[] r, double[] f, double[] v) {
    double keep = x[p];
    x[p] = keep + H;
    double plus = loss(r, f, ETA, LAMBDA, v);
    x[p] = keep - H;
    double minus = loss(r, f, ETA, LAMBDA, v);
    x[p] = keep;
    return (plus - minus) / (2 * H);
  }

  @Test
  void vjpMatchesCentralDifferencesAndAPerturbedTermFails() {
    Random rnd = new Random(5);
    double[] r = vec(rnd, N);
    double[] f = vec(rnd, 2 * SIDE * SIDE);
    double[] v = vec(rnd, N);
    double[] u = new double[N];
    step.apply(r, f, ETA, 0, u, IMAGES);
    for (double x : u) {
      assertTrue(Math.abs(Math.abs(x) - LAMBDA) > KINK_MARGIN, "test data sits on a kink");
    }
    double[] gr = new double[N];
    double[] gf = new double[f.length];
    double[] gs = step.vjp(r, u, f, ETA, LAMBDA, v, gr, gf, IMAGES);
    for (int p = 0; p < N; p++) {
      assertEquals(fd(r, p, r, f, v), gr[p], FD_TOL, "pixel " + p);
    }
    for (int t = 0; t < f.length; t++) {
      assertEquals(fd(f, t, r, f, v), gf[t], FD_TOL, "tap " + t);
    }
    double fdEta = (loss(r, f, ETA + H, LAMBDA, v) - loss(r, f, ETA - H, LAMBDA, v)) / (2 * H);
    double fdLambda = (loss(r, f, ETA, LAMBDA + H, v) - loss(r, f, ETA, LAMBDA - H, v)) / (2 * H);
    assertEquals(fdEta, gs[0], FD_TOL);
    assertEquals(fdLambda, gs[1], FD_TOL);
    assertTrue(Math.abs(fdEta - 1.001 * gs[0]) > FD_TOL, "a 0.1 % error in gη must be detectable");
    assertTrue(Math.abs(fd(f, 4, r, f, v) - 1.001 * gf[4]) > FD_TOL, "a 0.1 % error in a filter tap too");
  }

  /**
   * The padded, row-vectorised loops against the definition with dense matrices: every output, gradient and filter
   * cotangent bit for bit (signed zeros included), for filters smaller than, as large as and larger than the image,
   * with some exact zeros in R and in the cotangent (no delta: the arrays are compared bit for bit, ±0 apart).
   */
  @Test
  void matchesTheDenseDefinitionBitForBit() {
    int[][] cases = {{5, 6, 3, 2}, {7, 4, 5, 3}, {3, 3, 3, 1}, {4, 5, 7, 2}, {1, 6, 5, 2}, {6, 1, 1, 3}, {11, 10, 9, 2},
        {12, 13, 5, 2}};
    Random rnd = new Random(17);
    for (int[] cs : cases) {
      int h = cs[0];
      int w = cs[1];
      int side = cs[2];
      int filters = cs[3];
      int images = 2;
      int n = h * w * images;
      StreakStep fast = new StreakStep(h, w, side);
      DenseStreakStep dense = new DenseStreakStep(h, w, side);
      double[] r = vec(rnd, n);
      double[] v = vec(rnd, n);
      for (int p = 0; p < n; p += 3) {
        r[p] = 0;
        v[p + 1 < n ? p + 1 : p] = -0.0;
      }
      double[] f = vec(rnd, filters * side * side);
      String at = h + "x" + w + " side " + side + " filters " + filters;
      double[] outFast = new double[n];
      double[] outDense = new double[n];
      fast.apply(r, f, 0.3, 0.1, outFast, images);
      dense.apply(r, f, 0.3, 0.1, outDense, images);
      assertArrayEquals(outDense, outFast, "apply " + at);
      double[] u = new double[n];
      fast.apply(r, f, 0.3, 0.0, u, images);
      double[] grFast = new double[n];
      double[] grDense = new double[n];
      double[] gfFast = vec(new Random(3), f.length);
      double[] gfDense = gfFast.clone();
      double[] gsFast = fast.vjp(r, u, f, 0.3, 0.1, v, grFast, gfFast, images);
      double[] gsDense = dense.vjp(r, u, f, 0.3, 0.1, v, grDense, gfDense, images);
      assertArrayEquals(grDense, grFast, "gR " + at);
      assertArrayEquals(gfDense, gfFast, "g filters " + at);
      assertArrayEquals(gsDense, gsFast, "g eta, lambda " + at);
    }
  }

  @Test
  void softThresholdIsTheProxOfTheL1Norm() {
    assertEquals(0.5, StreakStep.soft(0.7, 0.2), 1e-15);
    assertEquals(-0.5, StreakStep.soft(-0.7, 0.2), 1e-15);
    assertEquals(0.0, StreakStep.soft(0.1, 0.2), 0.0);
  }
}
