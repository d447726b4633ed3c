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

  /** The output is the minimiser: gradient of ½‖·−(B₀,R₀)‖² + τ f vanishes, and B − R is preserved. */
  @Test
  void outputSatisfiesTheProxOptimalityCondition() {
    double[] b = vec(0, 1);
    double[] r = vec(0, 1);
    double[] o = vec(0, 1);
    double[] w = vec(0, 2);
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
  }

  /** L(B, R, O, τ) = ⟨gb', B'⟩ + ⟨gr', R'⟩; its gradient against central differences, and a 0.1 % perturbed term. */
  @Test
  void vjpMatchesCentralDifferencesAndAPerturbedTermFails() {
    double[] b = vec(0, 1);
    double[] r = vec(0, 1);
    double[] o = vec(0, 1);
    double[] w = vec(0.1, 2);
    double tau = 0.7;
    double[] gbo = vec(-1, 1);
    double[] gro = vec(-1, 1);
    double[] gb = new double[N];
    double[] gr = new double[N];
    double[] go = new double[N];
    double gTau = DataStep.vjp(b, r, o, w, tau, gbo, gro, gb, gr, go, N);
    for (int p = 0; p < N; p++) {
      assertEquals(fd(b, p, b, r, o, w, tau, gbo, gro), gb[p], FD_TOL);
      assertEquals(fd(r, p, b, r, o, w, tau, gbo, gro), gr[p], FD_TOL);
      assertEquals(fd(o, p, b, r, o, w, tau, gbo, gro), go[p], FD_TOL);
    }
    double fdTau = (loss(b, r, o, w, tau + H, gbo, gro) - loss(b, r, o, w, tau - H, gbo, gro)) / (2 * H);
    assertEquals(fdTau, gTau, FD_TOL);
    assertTrue(Math.abs(fdTau - 1.001 * gTau) > FD_TOL, "a 0.1 % error in gτ must be detectable");
    assertTrue(Math.abs(fd(b, 0, b, r, o, w, tau, gbo, gro) - 1.001 * gb[0]) > FD_TOL);
  }

  private double fd(double[] x, int p, double[] b, double[] r, double[] o, double[] w, double tau, double[] gbo,
      double[] gro) {
    double keep = x[p];
    x[p] = keep + H;
    double plus = loss(b, r, o, w, tau, gbo, gro);
    x[p] = keep - H;
    double minus = loss(b, r, o, w, tau, gbo, gro);
    x[p] = keep;
    return (plus - minus) / (2 * H);
  }

  private static double loss(double[] b, double[] r, double[] o, double[] w, double tau, double[] gbo,
      double[] gro) {
    double[] bo = new double[N];
    double[] ro = new double[N];
    DataStep.apply(b, r, o, w, tau, bo, ro, N);
    double s = 0;
    for (int p = 0; p < N; p++) {
      s += gbo[p] * bo[p] + gro[p] * ro[p];
    }
    return s;
  }

  /** The split form minimises ½‖ΔB‖²/(2β) + ½‖ΔR‖²/(2(1 − β)) + τf, and β = ½ is the even step bit for bit. */
  @Test
  void splitOutputIsTheProxInTheSplitMetricAndHalfIsTheEvenStep() {
    double[] b = vec(0, 1);
    double[] r = vec(0, 1);
    double[] o = vec(0, 1);
    double[] w = vec(0, 2);
    double tau = 0.7;
    double beta = 0.8;
    double[] bo = new double[N];
    double[] ro = new double[N];
    DataStep.applySplit(b, r, o, w, tau, beta, bo, ro, N);
    for (int p = 0; p < N; p++) {
      double res = bo[p] + ro[p] - o[p];
      assertEquals(0, (bo[p] - b[p]) / (2 * beta) + tau * w[p] * res, 1e-14);
      assertEquals(0, (ro[p] - r[p]) / (2 * (1 - beta)) + tau * w[p] * res, 1e-14);
    }
    double[] be = new double[N];
    double[] re = new double[N];
    DataStep.apply(b, r, o, w, tau, be, re, N);
    DataStep.applySplit(b, r, o, w, tau, 0.5, bo, ro, N);
    assertArrayEquals(be, bo, 0.0);
    assertArrayEquals(re, ro, 0.0);
    double[] gbo = vec(-1, 1);
    double[] gro = vec(-1, 1);
    double[] gb = new double[N];
    double[] gr = new double[N];
    double[] go = new double[N];
    double[] gbs = new double[N];
    double[] grs = new double[N];
    double[] gos = new double[N];
    double[] grads = new double[2];
    double gTau = DataStep.vjp(b, r, o, w, tau, gbo, gro, gb, gr, go, N);
    DataStep.vjpSplit(b, r, o, w, tau, 0.5, gbo, gro, gbs, grs, gos, grads, N);
    assertArrayEquals(gb, gbs, 0.0);
    assertArrayEquals(gr, grs, 0.0);
    assertArrayEquals(go, gos, 0.0);
    assertEquals(gTau, grads[0], 0.0);
  }

  /** The split form's VJPs in B, R, O, τ and β against central differences, and 0.1 % perturbed terms fail. */
  @Test
  void splitVjpMatchesCentralDifferences() {
    double[] b = vec(0, 1);
    double[] r = vec(0, 1);
    double[] o = vec(0, 1);
    double[] w = vec(0.1, 2);
    double tau = 0.7;
    double beta = 0.3;
    double[] gbo = vec(-1, 1);
    double[] gro = vec(-1, 1);
    double[] gb = new double[N];
    double[] gr = new double[N];
    double[] go = new double[N];
    double[] grads = new double[2];
    DataStep.vjpSplit(b, r, o, w, tau, beta, gbo, gro, gb, gr, go, grads, N);
    for (int p = 0; p < N; p++) {
      assertEquals(fdSplit(b, p, b, r, o, w, tau, beta, gbo, gro), gb[p], FD_TOL);
      assertEquals(fdSplit(r, p, b, r, o, w, tau, beta, gbo, gro), gr[p], FD_TOL);
      assertEquals(fdSplit(o, p, b, r, o, w, tau, beta, gbo, gro), go[p], FD_TOL);
    }
    double fdTau = (splitLoss(b, r, o, w, tau + H, beta, gbo, gro) - splitLoss(b, r, o, w, tau - H, beta, gbo, gro))
        / (2 * H);
    double fdBeta = (splitLoss(b, r, o, w, tau, beta + H, gbo, gro) - splitLoss(b, r, o, w, tau, beta - H, gbo, gro))
        / (2 * H);
    assertEquals(fdTau, grads[0], FD_TOL);
    assertEquals(fdBeta, grads[1], FD_TOL);
    assertTrue(Math.abs(fdTau - 1.001 * grads[0]) > FD_TOL, "a 0.1 % error in gτ must be detectable");
    assertTrue(Math.abs(fdBeta - 1.001 * grads[1]) > FD_TOL, "a 0.1 % error in gβ must be detectable");
    assertTrue(Math.abs(fdSplit(b, 0, b, r, o, w, tau, beta, gbo, gro) - 1.001 * gb[0]) > FD_TOL);
  }

  private double fdSplit(double[] x, int p, double[] b, double[] r, double[] o, double[] w, double tau, double beta,
      double[] gbo, double[] gro) {
    double keep = x[p];
    x[p] = keep + H;
    double plus = splitLoss(b, r, o, w, tau, beta, gbo, gro);
    x[p] = keep - H;
    double minus = splitLoss(b, r, o, w, tau, beta, gbo, gro);
    x[p] = keep;
    return (plus - minus) / (2 * H);
  }

  private static double splitLoss(double[] b, double[] r, double[] o, double[] w, double tau, double beta,
      double[] gbo, double[] gro) {
    double[] bo = new double[N];
    double[] ro = new double[N];
    DataStep.applySplit(b, r, o, w, tau, beta, bo, ro, N);
    double s = 0;
    for (int p = 0; p < N; p++) {
      s += gbo[p] * bo[p] + gro[p] * ro[p];
    }
    return s;
  }
}
