package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeblurDataStepTest {
  /**
   * FFT solve vs Gaussian elimination: both backward stable, cond(KᵀK + ρI) ≤ (1 + ρ)/ρ ≤ 101 for ρ ≥ 0.01, values
   * O(1): agreement to ~1e-13; 1e-11 leaves room.
   */
  private static final double DENSE_TOL = 1e-11;
  /**
   * Relative tolerance of a VJP against central differences. y and z enter linearly, so their differences are exact
   * up to rounding (~1e-10 relative at step 1e-3); ρ enters through (|K|² + ρ)⁻¹, whose third derivative makes the
   * truncation error ~(h/ρ)² ≈ 1e-8 at h = 1e-4·ρ. 1e-6 is far above both and far below the 1e-3 of a 0.1 % error.
   */
  private static final double FD_REL_TOL = 1e-6;
  /** The size of the deliberate error that the finite-difference check must catch. */
  private static final double PERTURBATION = 1e-3;

  /** The FFT step equals the dense solve of (KᵀK + ρI) x = Kᵀy + ρz on the circulant blur matrix. */
  @ParameterizedTest
  @CsvSource({"3,0.01", "3,1.0", "5,0.05", "5,3.0"})
  void matchesTheDenseNormalEquations(int ks, double rho) {
    int h = 6;
    int w = 7;
    Random rnd = new Random(ks * 100 + (long) (rho * 100));
    BlurKernel k = Dense.randomKernel(rnd, ks, ks);
    double[] y = Dense.random(rnd, h * w);
    double[] z = Dense.random(rnd, h * w);
    double[][] m = Dense.blurMatrix(k, h, w);
    double[][] a = Dense.gram(m);
    for (int p = 0; p < h * w; p++) {
      a[p][p] += rho;
    }
    double[] b = Dense.mulT(m, y);
    for (int p = 0; p < h * w; p++) {
      b[p] += rho * z[p];
    }
    double[] x = new double[h * w];
    new DeblurDataStep(new BlurSpectrum(k, new ImageShape(h, w))).apply(y, z, rho, x);
    assertArrayEquals(Dense.solve(a, b), x, DENSE_TOL);
  }

  /** Optimality on a larger, non-square image: Kᵀ(k ∗ x − y) + ρ(x − z) = 0. */
  @Test
  void outputSatisfiesTheOptimalityCondition() {
    ImageShape shape = new ImageShape(24, 30);
    int n = shape.pixels();
    Random rnd = new Random(11);
    BlurSpectrum s = new BlurSpectrum(Dense.randomKernel(rnd, 7, 5), shape);
    double[] y = Dense.random(rnd, n);
    double[] z = Dense.random(rnd, n);
    double rho = 0.2;
    double[] x = new double[n];
    new DeblurDataStep(s).apply(y, z, rho, x);
    CircularBlur blur = new CircularBlur(s);
    double[] r = new double[n];
    blur.apply(x, r);
    for (int p = 0; p < n; p++) {
      r[p] -= y[p];
    }
    blur.adjoint(r, r);
    for (int p = 0; p < n; p++) {
      r[p] += rho * (x[p] - z[p]);
    }
    assertTrue(Dense.maxAbs(r) < 1e-13, "optimality residual " + Dense.maxAbs(r));
  }

  /** The three VJPs against central differences of ⟨g, x(·)⟩ along random directions; each fails if off by 0.1 %. */
  @ParameterizedTest
  @CsvSource({"6,7,3,0.05", "6,7,5,0.7", "16,12,9,0.01"})
  void vjpsMatchCentralDifferencesAndCatchAPerturbation(int h, int w, int ks, double rho) {
    int n = h * w;
    Random rnd = new Random(n + ks);
    DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(Dense.randomKernel(rnd, ks, ks), new ImageShape(h, w)));
    double[] y = Dense.random(rnd, n);
    double[] z = Dense.random(rnd, n);
    double[] g = Dense.random(rnd, n);
    double[] dy = Dense.random(rnd, n);
    double[] dz = Dense.random(rnd, n);
    double[] x = new double[n];
    step.apply(y, z, rho, x);
    double[] gy = new double[n];
    double[] gz = new double[n];
    double gRho = step.vjp(z, x, rho, g, gy, gz);

    double hLin = 1e-3;
    double fdY = (loss(step, plus(y, dy, hLin), z, rho, g) - loss(step, plus(y, dy, -hLin), z, rho, g)) / (2 * hLin);
    double fdZ = (loss(step, y, plus(z, dz, hLin), rho, g) - loss(step, y, plus(z, dz, -hLin), rho, g)) / (2 * hLin);
    double hRho = 1e-4 * rho;
    double fdRho = (loss(step, y, z, rho + hRho, g) - loss(step, y, z, rho - hRho, g)) / (2 * hRho);

    assertClose(fdY, Dense.dot(gy, dy), "y");
    assertClose(fdZ, Dense.dot(gz, dz), "z");
    assertClose(fdRho, gRho, "rho");
    assertFar(fdY, (1 + PERTURBATION) * Dense.dot(gy, dy), "y");
    assertFar(fdZ, (1 + PERTURBATION) * Dense.dot(gz, dz), "z");
    assertFar(fdRho, (1 + PERTURBATION) * gRho, "rho");
  }

  /** Closed forms on the dense matrices: gy = M(MᵀM + ρI)⁻¹g, gz = ρ(MᵀM + ρI)⁻¹g. */
  @Test
  void vjpsMatchTheDenseClosedForm() {
    int h = 6;
    int w = 7;
    int n = h * w;
    double rho = 0.3;
    Random rnd = new Random(21);
    BlurKernel k = Dense.randomKernel(rnd, 5, 3);
    DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(k, new ImageShape(h, w)));
    double[] y = Dense.random(rnd, n);
    double[] z = Dense.random(rnd, n);
    double[] g = Dense.random(rnd, n);
    double[] x = new double[n];
    step.apply(y, z, rho, x);
    double[] gy = new double[n];
    double[] gz = new double[n];
    double gRho = step.vjp(z, x, rho, g, gy, gz);
    double[][] m = Dense.blurMatrix(k, h, w);
    double[][] a = Dense.gram(m);
    for (int p = 0; p < n; p++) {
      a[p][p] += rho;
    }
    double[] hVec = Dense.solve(a, g);
    assertArrayEquals(Dense.mul(m, hVec), gy, DENSE_TOL);
    for (int p = 0; p < n; p++) {
      assertEquals(rho * hVec[p], gz[p], DENSE_TOL);
    }
    double[] zMinusX = new double[n];
    for (int p = 0; p < n; p++) {
      zMinusX[p] = z[p] - x[p];
    }
    assertEquals(Dense.dot(g, Dense.solve(a, zMinusX)), gRho, DENSE_TOL);
  }

  @Test
  void outputsMayAliasInputsAndNullSkipsACotangent() {
    ImageShape shape = new ImageShape(10, 8);
    Random rnd = new Random(6);
    DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(Dense.randomKernel(rnd, 3, 3), shape));
    double[] y = Dense.random(rnd, 80);
    double[] z = Dense.random(rnd, 80);
    double[] x = new double[80];
    step.apply(y, z, 0.5, x);
    double[] zCopy = z.clone();
    step.apply(y, zCopy, 0.5, zCopy);
    assertArrayEquals(x, zCopy, 0.0);
    double[] g = Dense.random(rnd, 80);
    double[] gy = new double[80];
    double gRho = step.vjp(z, x, 0.5, g, gy, null);
    double[] gAlias = g.clone();
    assertEquals(gRho, step.vjp(z, x, 0.5, gAlias, gAlias, null), 0.0);
    assertArrayEquals(gy, gAlias, 0.0);
  }

  @Test
  void rejectsANonPositiveRho() {
    DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(BlurKernel.delta(), new ImageShape(2, 2)));
    double[] v = new double[4];
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step.apply(v, v, bad, v));
      assertTrue(e.getMessage().startsWith("rho must be positive"), e.getMessage());
    }
  }

  private static double loss(DeblurDataStep step, double[] y, double[] z, double rho, double[] g) {
    double[] x = new double[y.length];
    step.apply(y, z, rho, x);
    return Dense.dot(g, x);
  }

  private static double[] plus(double[] a, double[] d, double t) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += t * d[i];
    }
    return r;
  }

  private static void assertClose(double fd, double analytic, String what) {
    assertEquals(fd, analytic, FD_REL_TOL * Math.max(1, Math.abs(fd)), "VJP in " + what);
  }

  private static void assertFar(double fd, double perturbed, String what) {
    assertTrue(Math.abs(fd - perturbed) > FD_REL_TOL * Math.max(1, Math.abs(fd)),
        "a 0.1 % error in the VJP in " + what + " must be detected: " + fd + " vs " + perturbed);
  }
}
