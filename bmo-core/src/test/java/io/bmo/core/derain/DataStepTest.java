package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DataStepTest {
  /** Central differences of a map whose second derivative is O(1): error ~ h² + ε/h ≈ 1e-9 at h = 1e-5. */
  private static final double FD_TOL = 1e-7;
  private static final double H = 1e-5;
  private static final int N = 17;

  private final Random rnd = new Random(3);

  private double[] vec(double lo, double hi) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return v;
  }

  /** B, R, O in [0, 1] and weights in [wMin, 2], drawn in that order. */
  private double[][] point(double wMin) {
    return new double[][] {vec(0, 1), vec(0, 1), vec(0, 1), vec(wMin, 2)};
  }

  /** The output is the minimiser: gradient of ½‖·−(B₀,R₀)‖² + τ f vanishes, and B − R is preserved. */
  @Test
  void outputSatisfiesTheProxOptimalityCondition() {
    double[][] x = point(0);
    double[] b = x[0];
    double[] r = x[1];
    double[] o = x[2];
    double[] w = x[3];
    double tau = 0.7;
    double[] bo = new double[N];
    double[] ro = new double[N];
    DataStep.apply(b, r, o, w, tau, bo, ro, N);
    for (int p = 0; p < N; p++) {
      double res = bo[p] + ro[p] - o[p];
      assertEquals(0, bo[p] - b[p] + tau * w[p] * res, 1e-15);
      assertEquals(0, ro[p] - r[p] + tau * w[p] * res, 1e-15);
      assertEquals(b[p] - r[p], bo[p] - ro[p], 1e-15);
    }
    // the split form minimises ½‖ΔB‖²/(2β) + ½‖ΔR‖²/(2(1 − β)) + τf
    double beta = 0.8;
    DataStep.applySplit(b, r, o, w, tau, beta, bo, ro, N);
    for (int p = 0; p < N; p++) {
      double res = bo[p] + ro[p] - o[p];
      assertEquals(0, (bo[p] - b[p]) / (2 * beta) + tau * w[p] * res, 1e-14);
      assertEquals(0, (ro[p] - r[p]) / (2 * (1 - beta)) + tau * w[p] * res, 1e-14);
    }
  }

  /** L(B, R, O, τ) = ⟨gb', B'⟩ + ⟨gr', R'⟩; its gradient against central differences, and a 0.1 % perturbed term. */
  @Test
  void vjpMatchesCentralDifferencesAndAPerturbedTermFails() {
    checkVjp(EVEN);
  }

  /** The split form's VJPs in B, R, O, τ and β against central differences, and 0.1 % perturbed terms fail. */
  @Test
  void splitVjpMatchesCentralDifferences() {
    checkVjp(0.3);
  }

  private void checkVjp(double beta) {
    double[][] x = point(0.1);
    double[] b = x[0];
    double[] r = x[1];
    double[] o = x[2];
    double[] w = x[3];
    double tau = 0.7;
    double[] gbo = vec(-1, 1);
    double[] gro = vec(-1, 1);
    double[] gb = new double[N];
    double[] gr = new double[N];
    double[] go = new double[N];
    double[] grads = new double[2];
    if (Double.isNaN(beta)) {
      grads[0] = DataStep.vjp(b, r, o, w, tau, gbo, gro, gb, gr, go, N);
    } else {
      DataStep.vjpSplit(b, r, o, w, tau, beta, gbo, gro, gb, gr, go, grads, N);
    }
    for (int p = 0; p < N; p++) {
      assertEquals(fd(b, p, b, r, o, w, tau, beta, gbo, gro), gb[p], FD_TOL);
      assertEquals(fd(r, p, b, r, o, w, tau, beta, gbo, gro), gr[p], FD_TOL);
      assertEquals(fd(o, p, b, r, o, w, tau, beta, gbo, gro), go[p], FD_TOL);
    }
    double fdTau = (loss(b, r, o, w, tau + H, beta, gbo, gro) - loss(b, r, o, w, tau - H, beta, gbo, gro)) / (2 * H);
    assertEquals(fdTau, grads[0], FD_TOL);
    assertTrue(Math.abs(fdTau - 1.001 * grads[0]) > FD_TOL, "a 0.1 % error in gτ must be detectable");
    assertTrue(Math.abs(fd(b, 0, b, r, o, w, tau, beta, gbo, gro) - 1.001 * gb[0]) > FD_TOL);
    if (!Double.isNaN(beta)) {
      double fdBeta = (loss(b, r, o, w, tau, beta + H, gbo, gro) - loss(b, r, o, w, tau, beta - H, gbo, gro))
          / (2 * H);
      assertEquals(fdBeta, grads[1], FD_TOL);
      assertTrue(Math.abs(fdBeta - 1.001 * grads[1]) > FD_TOL, "a 0.1 % error in gβ must be detectable");
    }
  }

  /** EVEN: the even step {@link DataStep#apply}; any other β: {@link DataStep#applySplit}. */
  private static final double EVEN = Double.NaN;

  private double fd(double[] x, int p, double[] b, double[] r, double[] o, double[] w, double tau, double beta,
      double[] gbo, double[] gro) {
    double keep = x[p];
    x[p] = keep + H;
    double plus = loss(b, r, o, w, tau, beta, gbo, gro);
    x[p] = keep - H;
    double minus = loss(b, r, o, w, tau, beta, gbo, gro);
    x[p] = keep;
    return (plus - minus) / (2 * H);
  }

  /** ⟨gb', B'⟩ + ⟨gr', R'⟩ of the data step's output. */
  private static double loss(double[] b, double[] r, double[] o, double[] w, double tau, double beta, double[] gbo,
      double[] gro) {
    double[] bo = new double[N];
    double[] ro = new double[N];
    if (Double.isNaN(beta)) {
      DataStep.apply(b, r, o, w, tau, bo, ro, N);
    } else {
      DataStep.applySplit(b, r, o, w, tau, beta, bo, ro, N);
    }
    double s = 0;
    for (int p = 0; p < N; p++) {
      s += gbo[p] * bo[p] + gro[p] * ro[p];
    }
    return s;
  }

  /** β = ½ is the even step bit for bit, outputs and VJPs. */
  @Test
  void halfIsTheEvenStepBitForBit() {
    double[][] x = point(0);
    double[][] even = {new double[N], new double[N], new double[N], new double[N], new double[N]};
    double[][] half = {new double[N], new double[N], new double[N], new double[N], new double[N]};
    double[] gbo = vec(-1, 1);
    double[] gro = vec(-1, 1);
    double[] grads = new double[2];
    DataStep.apply(x[0], x[1], x[2], x[3], 0.7, even[0], even[1], N);
    DataStep.applySplit(x[0], x[1], x[2], x[3], 0.7, 0.5, half[0], half[1], N);
    double gTau = DataStep.vjp(x[0], x[1], x[2], x[3], 0.7, gbo, gro, even[2], even[3], even[4], N);
    DataStep.vjpSplit(x[0], x[1], x[2], x[3], 0.7, 0.5, gbo, gro, half[2], half[3], half[4], grads, N);
    for (int i = 0; i < even.length; i++) {
      assertArrayEquals(even[i], half[i], 0.0);
    }
    assertEquals(gTau, grads[0], 0.0);
  }
}
