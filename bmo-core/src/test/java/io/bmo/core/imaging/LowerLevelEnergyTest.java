package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks of E = ½‖Kx − y‖² + R_θ(x) + ½ε‖x‖² for identity and blur K, TV and FoE. */
class LowerLevelEnergyTest {
  /** Central-difference step: truncation ≈ h² ≈ 1e-10 relative, rounding ≈ ε|E|/h ≈ 1e-10. */
  private static final double H = 1e-5;
  /** Both error sources above are ≈ 1e-9 relative; 1e-6 leaves room without hiding a wrong term. */
  private static final double FD_TOL = 1e-6;
  private static final int IMAGES = 2;

  private static LowerLevelEnergy energy(ForwardModel k, RegularizerModel r, double[] y) {
    LowerLevelEnergy e = new LowerLevelEnergy(k.create(Fixtures.SHAPE, IMAGES), r.create(Fixtures.SHAPE, IMAGES),
        0.01);
    e.setData(y, IMAGES);
    return e;
  }

  private static double[] grad(LowerLevelEnergy e, double[] theta, double[] x) {
    double[] g = new double[x.length];
    e.gradient(theta, x, g);
    return g;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.bmo.core.imaging.Fixtures#combinations")
  void derivativesMatchCentralDifferences(String name, ForwardModel k, RegularizerModel r) {
    double[][] d = Fixtures.data(k, IMAGES, 3);
    LowerLevelEnergy e = energy(k, r, d[1]);
    double[] theta = Fixtures.theta(r);
    double[] x = TestImages.noisy(d[0], 0.1, 5);
    double[] v = TestImages.random(x.length, 6);

    double fdValue = (e.value(theta, TestImages.axpy(x, H, v)) - e.value(theta, TestImages.axpy(x, -H, v))) / (2 * H);
    double an = TestImages.dot(grad(e, theta, x), v);
    assertEquals(0.0, Math.abs(fdValue - an) / Math.abs(an), FD_TOL, "gradient");

    double[] gp = grad(e, theta, TestImages.axpy(x, H, v));
    double[] gm = grad(e, theta, TestImages.axpy(x, -H, v));
    double[] fdGrad = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      fdGrad[i] = (gp[i] - gm[i]) / (2 * H);
    }
    e.linearize(theta, x, IMAGES);
    double[] hv = new double[x.length];
    e.hessianVector(v, hv);
    assertEquals(0.0, TestImages.relDiff(fdGrad, hv), FD_TOL, "Hessian-vector product");

    double[] q = TestImages.random(x.length, 7);
    double[] mixed = new double[theta.length];
    e.addMixedTranspose(q, mixed);
    double[] dir = TestImages.random(theta.length, 8);
    double fdMixed = (TestImages.dot(q, grad(e, TestImages.axpy(theta, H, dir), x))
        - TestImages.dot(q, grad(e, TestImages.axpy(theta, -H, dir), x))) / (2 * H);
    double anMixed = TestImages.dot(mixed, dir);
    assertEquals(0.0, Math.abs(fdMixed - anMixed) / Math.abs(anMixed), FD_TOL, "mixed derivative");
  }
}
