package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.quadratic.QuadraticBilevelProblem;
import io.bmo.core.quadratic.QuadraticInstance;
import io.bmo.core.quadratic.QuadraticStats;
import io.bmo.core.solver.Tolerances;

/** The quadratic instance shared by the algorithm tests and exact references computed from its closed form. */
final class QuadraticFixture {
  private QuadraticFixture() {}

  /** m = 6 unknowns, p = 3 parameters, N = 32 samples: every solve is tiny, so long runs stay fast. */
  static final QuadraticInstance INSTANCE = QuadraticInstance.generate(7, 6, 3, 8, 10, 32);
  static final QuadraticBilevelProblem.ClosedForm CLOSED = new QuadraticBilevelProblem(INSTANCE).closedForm();

  /** CG for the exact references: relative residual at the rounding floor of 6×6 systems. */
  static final Tolerances EXACT = new Tolerances(1e-14, 1e-14);

  static double[] thetaStar() {
    return CLOSED.thetaStar();
  }

  /** Exact mean gradient ∇f(θ) = ∇F(θ)/N. */
  static double[] exactMeanGradient(double[] theta) {
    double[] g = QuadraticBilevelProblem.exactGradient(CLOSED, theta);
    for (int i = 0; i < g.length; i++) {
      g[i] /= INSTANCE.samples();
    }
    return g;
  }

  /** Per-sample exact gradients at θ, row s = ∇f_s(θ). */
  static double[][] sampleGradients(double[] theta) {
    QuadraticBilevelProblem pr = new QuadraticBilevelProblem(INSTANCE);
    double[][] out = new double[INSTANCE.samples()][];
    for (int s = 0; s < out.length; s++) {
      LossGradientSum sum = new LossGradientSum(INSTANCE.p(), QuadraticStats.SIZE);
      pr.addBlock(theta, s, s + 1, EXACT, 200, sum);
      out[s] = sum.gradientSum();
    }
    return out;
  }

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  static double relativeError(double[] theta) {
    return distance(theta, thetaStar()) / norm(thetaStar());
  }
}
