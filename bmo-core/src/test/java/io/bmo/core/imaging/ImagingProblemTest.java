package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import io.bmo.core.solver.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImagingProblemTest {
  /** Lower level and CG solved to (near) machine precision so the IFT gradient is exact up to rounding. */
  private static final Tolerances EXACT = new Tolerances(1e-12, 1e-12);
  /** Step for central differences of the upper loss in θ. */
  private static final double H = 1e-5;
  /**
   * Relative agreement of IFT gradient and central differences: truncation ≈ h² ≈ 1e-10, plus lower-level error
   * ≈ ε/(h μ) on ℓ ≈ 1e-7·‖∇ℓ‖ — a wrong term would show up at the 1e-2 level.
   */
  private static final double FD_TOL = 1e-5;
  private static final int IMAGES = 2;

  private static ImagingProblem problem(ForwardModel k, RegularizerModel r) {
    ImagingConfig cfg = new ImagingConfig(k, r, Fixtures.strongConvexity(k), AcceleratedGradient.Config.DEFAULT,
        5000);
    return new ImagingProblem(cfg, Fixtures.SHAPE, IMAGES);
  }

  private static double loss(ImagingProblem p, double[] theta, double[][] d) {
    LossGradientSum s = p.newSum();
    p.addLoss(theta, d[0], d[1], IMAGES, EXACT.lower(), null, s);
    return s.lossSum();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.bmo.core.imaging.Fixtures#combinations")
  void implicitHypergradientMatchesCentralDifferences(String name, ForwardModel k, RegularizerModel r) {
    ImagingProblem p = problem(k, r);
    double[][] d = Fixtures.data(k, IMAGES, 21);
    double[] theta = Fixtures.theta(r);
    LossGradientSum sum = p.newSum();
    ImagingProblem.BlockReport rep = p.addBlock(theta, d[0], d[1], IMAGES, EXACT, null, null, sum);
    assertTrue(rep.cg().converged() && rep.lower().notConverged() == 0, name + ": " + rep);
    double[] g = sum.gradientSum();
    int coords = Math.min(4, theta.length);
    for (int j = 0; j < coords + 2; j++) {
      double[] dir = j < coords ? unit(theta.length, j) : TestImages.random(theta.length, 100 + j);
      double fd = (loss(p, TestImages.axpy(theta, H, dir), d) - loss(p, TestImages.axpy(theta, -H, dir), d)) / (2 * H);
      double an = TestImages.dot(g, dir);
      String what = j < coords ? p.layout().coordinate(j) : "random direction";
      assertEquals(0.0, Math.abs(fd - an) / Math.abs(an), FD_TOL, name + " " + what + ": fd " + fd + " ift " + an);
    }
  }

  @Test
  void accumulatesLossCountAndStatistics() {
    ImagingProblem p = problem(Fixtures.DENOISE, Fixtures.TV);
    double[][] d = Fixtures.data(Fixtures.DENOISE, IMAGES, 31);
    double[] theta = {Math.log(0.03), Math.log(1e-3)}; // mild TV, suited to noise σ = 0.05
    LossGradientSum sum = p.newSum();
    double[] xWarm = d[1].clone();
    double[] qWarm = new double[d[1].length];
    ImagingProblem.BlockReport rep =
        p.addBlock(theta, d[0], d[1], IMAGES, new Tolerances(1e-6, 1e-6), xWarm, qWarm, sum);
    ImagingStats st = ImagingStats.of(sum);
    int n = Fixtures.SHAPE.pixels();
    assertEquals(IMAGES, sum.count());
    assertEquals(IMAGES * n, st.pixels(), 0.0);
    assertEquals(0.5 * st.squaredError() / n, sum.lossSum(), 1e-15);
    assertEquals(rep.lower().exampleIterations(), st.lowerIterations(), 0.0);
    assertEquals((double) rep.cg().iterations() * IMAGES, st.cgIterations(), 0.0);
    assertEquals(10 * Math.log10(IMAGES * n / st.squaredError()), ImagingProblem.psnr(sum), 1e-12);
    // denoising helps: reconstruction beats the noisy input
    double noisySq = 0;
    for (int i = 0; i < d[0].length; i++) {
      noisySq += (d[1][i] - d[0][i]) * (d[1][i] - d[0][i]);
    }
    assertTrue(st.squaredError() < noisySq, st.squaredError() + " vs " + noisySq);
    // warm starts hold x̂ and q: a second call with them is cheaper
    LossGradientSum again = p.newSum();
    ImagingProblem.BlockReport rep2 =
        p.addBlock(theta, d[0], d[1], IMAGES, new Tolerances(1e-6, 1e-6), xWarm, qWarm, again);
    assertTrue(rep2.lower().blockIterations() < rep.lower().blockIterations());
    assertTrue(rep2.cg().iterations() < rep.cg().iterations());
  }

  @Test
  void splittingABlockGivesTheSameSumsUpToSolverTolerance() {
    ImagingProblem p = problem(Fixtures.DENOISE, Fixtures.FOE);
    double[][] d = Fixtures.data(Fixtures.DENOISE, IMAGES, 41);
    double[] theta = Fixtures.theta(Fixtures.FOE);
    LossGradientSum whole = p.newSum();
    p.addBlock(theta, d[0], d[1], IMAGES, EXACT, null, null, whole);
    int n = Fixtures.SHAPE.pixels();
    LossGradientSum left = p.newSum();
    LossGradientSum right = p.newSum();
    p.addBlock(theta, java.util.Arrays.copyOfRange(d[0], 0, n), java.util.Arrays.copyOfRange(d[1], 0, n), 1, EXACT,
        null, null, left);
    p.addBlock(theta, java.util.Arrays.copyOfRange(d[0], n, 2 * n), java.util.Arrays.copyOfRange(d[1], n, 2 * n), 1,
        EXACT, null, null, right);
    left.merge(right);
    assertEquals(whole.count(), left.count());
    assertEquals(whole.lossSum(), left.lossSum(), 1e-12 * whole.lossSum());
    assertEquals(0.0, TestImages.relDiff(left.gradientSum(), whole.gradientSum()), 1e-8);
  }

  @Test
  void rejectsMismatchedShapes() {
    ImagingProblem p = problem(Fixtures.DENOISE, Fixtures.TV);
    assertThrows(IllegalArgumentException.class, () -> p.addBlock(new double[3], new double[100], new double[100], 1,
        EXACT, null, null, p.newSum()));
    assertThrows(IllegalArgumentException.class, () -> p.addBlock(Fixtures.theta(Fixtures.TV), new double[100],
        new double[100], 1, EXACT, null, null, new LossGradientSum(2, 1)));
  }

  private static double[] unit(int n, int j) {
    double[] e = new double[n];
    e[j] = 1;
    return e;
  }
}
