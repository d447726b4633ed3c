package io.bmo.core.imaging.regularizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

/**
 * The Field of Experts with Student-t experts {@code log(1 + t²/ν)}: the regularizer contract (gradient, Hessian
 * and mixed derivatives against central differences; Hessian largest at the zero image) at a θ with a small ν, so
 * that many responses lie where the expert is concave; its value against a direct sum; and a midpoint above the
 * chord, the non-convexity the contract test does not assume.
 */
class StudentTFieldOfExpertsTest extends RegularizerContractTest {
  private static final FieldOfExperts.Model STUDENT = new FieldOfExperts.Model(3, 3,
      FieldOfExperts.FilterInit.SEEDED_RANDOM, 42L, Math.log(0.1), Math.log(0.01), 1.0,
      FieldOfExperts.Potential.STUDENT_T);

  @Override
  RegularizerModel model() {
    return STUDENT;
  }

  @Override
  double[] theta() {
    double[] t = STUDENT.initialTheta();
    t[FieldOfExperts.WEIGHTS] = 0.8;
    t[FieldOfExperts.WEIGHTS + 1] = 1.3;
    t[FieldOfExperts.WEIGHTS + 2] = -0.6;
    return t;
  }

  @Override
  boolean convex() {
    return false;
  }

  /** R = e^c Σ_i Σ_p log(1 + (w_i (k_i ⋆ x)_p)²/ν) by a plain loop over pixels and taps (periodic correlation). */
  @Test
  void valueEqualsADirectSum() {
    ImageShape shape = new ImageShape(7, 9);
    double[] x = TestImages.random(shape.pixels(), 3);
    double[] theta = theta();
    double nu = Math.exp(theta[FieldOfExperts.LOG_SMOOTHING]);
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      int off = STUDENT.filterOffset(i);
      for (int r = 0; r < 7; r++) {
        for (int c = 0; c < 9; c++) {
          double t = 0;
          for (int a = -1; a <= 1; a++) {
            for (int b = -1; b <= 1; b++) {
              t += theta[off + (a + 1) * 3 + (b + 1)] * x[Math.floorMod(r + a, 7) * 9 + Math.floorMod(c + b, 9)];
            }
          }
          double u = theta[FieldOfExperts.WEIGHTS + i] * t;
          expected += Math.log1p(u * u / nu);
        }
      }
    }
    expected *= Math.exp(theta[FieldOfExperts.LOG_SCALE]);
    double got = STUDENT.create(shape, 1).value(theta, x, 1);
    assertEquals(expected, got, 1e-12 * Math.abs(expected));
  }

  /**
   * Convexity would give {@code R(x/2) ≤ (R(0) + R(x))/2 = R(x)/2}; at a strongly textured image (responses far
   * beyond √ν, where the Student-t expert grows like a logarithm) the midpoint is above the chord, while the convex
   * expert's midpoint stays below it: R is not convex.
   */
  @Test
  void midpointIsAboveTheChordWhereTheConvexExpertsIsBelow() {
    ImageShape shape = new ImageShape(12, 12);
    double[] theta = theta();
    double[] x = TestImages.random(shape.pixels(), 5);
    double[] half = new double[x.length];
    for (int p = 0; p < x.length; p++) {
      x[p] *= 20;
      half[p] = 0.5 * x[p];
    }
    Regularizer student = STUDENT.create(shape, 1);
    assertTrue(student.value(theta, half, 1) > 0.5 * student.value(theta, x, 1));
    Regularizer convex = new FieldOfExperts.Model(3, 3, FieldOfExperts.FilterInit.SEEDED_RANDOM, 42L,
        Math.log(0.1), Math.log(0.01), 1.0).create(shape, 1);
    assertTrue(convex.value(theta, half, 1) <= 0.5 * convex.value(theta, x, 1));
  }
}
