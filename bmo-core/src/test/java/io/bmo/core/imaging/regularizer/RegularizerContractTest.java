package io.bmo.core.imaging.regularizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link Regularizer} must satisfy (STYLE §11), checked by central finite differences in float64.
 * Subclasses give the model and a test θ.
 */
abstract class RegularizerContractTest {
  /** Central-difference step: truncation O(h²·R''') ≈ 1e-10 vs rounding O(ε·|R|/h) ≈ 1e-10 for these sizes. */
  static final double H = 1e-5;
  /** Relative agreement expected from a central difference with the step above (both errors ≈ 1e-9 relative). */
  static final double FD_TOL = 1e-6;
  /** Slack for the Loewner comparison, which is exact in theory: rounding of two quadratic forms. */
  static final double LOEWNER_SLACK = 1e-12;

  static final ImageShape SHAPE = new ImageShape(12, 12);
  static final int IMAGES = 2;

  abstract RegularizerModel model();

  abstract double[] theta();

  /** Whether R is convex (checked); a non-convex R is still checked for a Hessian largest at the zero image. */
  boolean convex() {
    return true;
  }

  private Regularizer create() {
    return model().create(SHAPE, IMAGES);
  }

  private double[] point() {
    return TestImages.noisy(TestImages.cartoon(SHAPE, IMAGES, 1), 0.05, 2);
  }

  private double[] gradient(Regularizer r, double[] theta, double[] x) {
    double[] g = new double[x.length];
    r.gradient(theta, x, IMAGES, g);
    return g;
  }

  @Test
  void layoutMatchesDimensionAndInitialTheta() {
    Regularizer r = create();
    assertEquals(model().layout().size(), r.dimension());
    assertEquals(r.dimension(), model().initialTheta().length);
  }

  @Test
  void gradientMatchesValue() {
    Regularizer r = create();
    double[] theta = theta();
    double[] x = point();
    for (long seed = 10; seed < 13; seed++) {
      double[] v = TestImages.random(x.length, seed);
      double fd = (r.value(theta, TestImages.axpy(x, H, v), IMAGES) - r.value(theta, TestImages.axpy(x, -H, v), IMAGES))
          / (2 * H);
      double an = TestImages.dot(gradient(r, theta, x), v);
      assertEquals(0.0, Math.abs(fd - an) / Math.abs(an), FD_TOL, "direction " + seed);
    }
  }

  @Test
  void hessianVectorMatchesGradient() {
    Regularizer r = create();
    double[] theta = theta();
    double[] x = point();
    double[] v = TestImages.random(x.length, 20);
    double[] gp = gradient(r, theta, TestImages.axpy(x, H, v));
    double[] gm = gradient(r, theta, TestImages.axpy(x, -H, v));
    double[] fd = new double[x.length];
    for (int i = 0; i < fd.length; i++) {
      fd[i] = (gp[i] - gm[i]) / (2 * H);
    }
    r.linearize(theta, x, IMAGES);
    double[] hv = new double[x.length];
    r.hessianVector(v, hv);
    assertEquals(0.0, TestImages.relDiff(fd, hv), FD_TOL);
  }

  @Test
  void mixedDerivativeMatchesThetaDifferences() {
    Regularizer r = create();
    double[] theta = theta();
    double[] x = point();
    double[] q = TestImages.random(x.length, 30);
    r.linearize(theta, x, IMAGES);
    double[] mixed = new double[r.dimension()];
    r.addMixedTranspose(q, mixed);
    // every scalar parameter up to 8, then random directions in θ
    int coords = Math.min(8, r.dimension());
    for (int j = 0; j < coords + 3; j++) {
      double[] d = j < coords ? unit(r.dimension(), j) : TestImages.random(r.dimension(), 40 + j);
      double fd = (TestImages.dot(q, gradient(r, TestImages.axpy(theta, H, d), x))
          - TestImages.dot(q, gradient(r, TestImages.axpy(theta, -H, d), x))) / (2 * H);
      double an = TestImages.dot(mixed, d);
      assertEquals(0.0, Math.abs(fd - an) / Math.max(Math.abs(an), 1e-8), FD_TOL,
          j < coords ? model().layout().coordinate(j) : "random direction " + j);
    }
  }

  @Test
  void mixedDerivativeAccumulates() {
    Regularizer r = create();
    double[] x = point();
    double[] q = TestImages.random(x.length, 31);
    r.linearize(theta(), x, IMAGES);
    double[] once = new double[r.dimension()];
    r.addMixedTranspose(q, once);
    double[] twice = once.clone();
    r.addMixedTranspose(q, twice);
    for (int j = 0; j < once.length; j++) {
      assertEquals(2 * once[j], twice[j], 1e-12 * Math.abs(once[j]) + 1e-300);
    }
  }

  @Test
  void hessianIsPositiveAndLargestAtZero() {
    Regularizer r = create();
    double[] theta = theta();
    double[] x = point();
    for (long seed = 50; seed < 53; seed++) {
      double[] v = TestImages.random(x.length, seed);
      double[] hv = new double[x.length];
      r.linearize(theta, x, IMAGES);
      r.hessianVector(v, hv);
      double atX = TestImages.dot(v, hv);
      r.linearize(theta, new double[x.length], IMAGES);
      r.hessianVector(v, hv);
      double atZero = TestImages.dot(v, hv);
      assertTrue(!convex() || atX >= -LOEWNER_SLACK * atZero, "convexity: " + atX);
      assertTrue(atX <= atZero * (1 + LOEWNER_SLACK), atX + " > " + atZero);
    }
  }

  private static double[] unit(int n, int j) {
    double[] e = new double[n];
    e[j] = 1;
    return e;
  }
}
