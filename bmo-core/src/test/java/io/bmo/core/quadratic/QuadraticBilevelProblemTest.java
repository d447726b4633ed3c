package io.bmo.core.quadratic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

class QuadraticBilevelProblemTest {
  /** CG on m = 6 unknowns: relative residual near the rounding floor, so the solves are "exact". */
  private static final Tolerances EXACT = new Tolerances(1e-14, 1e-14);
  private static final int MAX_CG = 100;
  /** Required by the issue: gradient descent must land on θ* to this relative accuracy. */
  private static final double THETA_TOL = 1e-8;
  /** IFT vs closed-form gradient: both are exact formulas; differences are CG residuals times cond(G) ≈ 1e-12. */
  private static final double GRAD_TOL = 1e-9;

  private static final QuadraticInstance INSTANCE = QuadraticInstance.generate(2024, 6, 3, 8, 10, 5);

  private static LossGradientSum evaluate(QuadraticBilevelProblem pr, double[] theta) {
    LossGradientSum s = new LossGradientSum(INSTANCE.p(), QuadraticStats.SIZE);
    pr.addBlock(theta, 0, INSTANCE.samples(), EXACT, MAX_CG, s);
    return s;
  }

  @Test
  void implicitHypergradientEqualsClosedFormAndFiniteDifferences() {
    QuadraticBilevelProblem pr = new QuadraticBilevelProblem(INSTANCE);
    QuadraticBilevelProblem.ClosedForm cf = pr.closedForm();
    double[] theta = TestImages.random(INSTANCE.p(), 5);
    double[] ift = evaluate(pr, theta).gradientSum();
    assertEquals(0.0, TestImages.relDiff(ift, QuadraticBilevelProblem.exactGradient(cf, theta)), GRAD_TOL);
    // F is quadratic, so central differences are exact up to rounding: step 1e-3 keeps rounding at ≈1e-12/1e-3.
    double h = 1e-3;
    for (int j = 0; j < theta.length; j++) {
      double[] e = new double[theta.length];
      e[j] = 1;
      double fd = (evaluate(pr, TestImages.axpy(theta, h, e)).lossSum()
          - evaluate(pr, TestImages.axpy(theta, -h, e)).lossSum()) / (2 * h);
      assertEquals(ift[j], fd, 1e-7 * Math.max(1, Math.abs(ift[j])));
    }
  }

  @Test
  void gradientAtClosedFormOptimumVanishes() {
    QuadraticBilevelProblem pr = new QuadraticBilevelProblem(INSTANCE);
    double[] star = pr.closedForm().thetaStar();
    double[] g = evaluate(pr, star).gradientSum();
    double[] g0 = evaluate(pr, new double[star.length]).gradientSum();
    assertTrue(TestImages.norm(g) <= 1e-10 * TestImages.norm(g0), "‖∇F(θ*)‖ = " + TestImages.norm(g));
  }

  @Test
  void gradientDescentWithExactSolvesReachesClosedForm() {
    QuadraticBilevelProblem pr = new QuadraticBilevelProblem(INSTANCE);
    QuadraticBilevelProblem.ClosedForm cf = pr.closedForm();
    int p = INSTANCE.p();
    double lambdaMax = powerIteration(cf.hessian(), p);
    double step = 1.0 / lambdaMax;
    double[] theta = new double[p];
    int it = 0;
    while (TestImages.relDiff(theta, cf.thetaStar()) > THETA_TOL && it < 20000) {
      double[] g = evaluate(pr, theta).gradientSum();
      for (int j = 0; j < p; j++) {
        theta[j] -= step * g[j];
      }
      it++;
    }
    assertTrue(TestImages.relDiff(theta, cf.thetaStar()) <= THETA_TOL,
        "after " + it + " steps: " + TestImages.relDiff(theta, cf.thetaStar()));
  }

  @Test
  void generatorIsSeededPerSample() {
    QuadraticInstance more = QuadraticInstance.generate(2024, 6, 3, 8, 10, 7);
    assertArrayEquals(INSTANCE.a2(), more.a2(), 0.0);
    assertArrayEquals(INSTANCE.b2(), java.util.Arrays.copyOf(more.b2(), INSTANCE.b2().length), 0.0);
    assertThrows(IllegalArgumentException.class, () -> QuadraticInstance.generate(1, 6, 3, 8, 5, 2));
  }

  @Test
  void statisticsCountSolves() {
    LossGradientSum s = evaluate(new QuadraticBilevelProblem(INSTANCE), TestImages.random(3, 9));
    assertEquals(INSTANCE.samples(), s.count());
    assertTrue(QuadraticStats.of(s).lowerIterations() >= INSTANCE.samples());
    assertTrue(QuadraticStats.of(s).cgIterations() >= INSTANCE.samples());
  }

  /** Largest eigenvalue of a small SPD matrix (column-major) by 500 power iterations. */
  private static double powerIteration(double[] a, int n) {
    double[] v = TestImages.random(n, 77);
    double lambda = 0;
    for (int k = 0; k < 500; k++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          w[i] += a[j * n + i] * v[j];
        }
      }
      lambda = TestImages.dot(v, w) / TestImages.dot(v, v);
      double nrm = TestImages.norm(w);
      for (int i = 0; i < n; i++) {
        v[i] = w[i] / nrm;
      }
    }
    return lambda;
  }
}
