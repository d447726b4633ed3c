package io.bmo.core.nn;

import static io.bmo.core.nn.ConvDenoiserTest.IMAGES;
import static io.bmo.core.nn.ConvDenoiserTest.N;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The VJP and JVP of {@link ConvDenoiser} against float64 central differences of {@code L = ⟨v, D(x; σ, θ)⟩} in every
 * input pixel, both σ and every weight and bias, and the check's sensitivity to a 0.1 % error in one VJP term.
 */
class ConvDenoiserGradientTest {
  /**
   * Within one ReLU activation pattern D is affine in x, in σ and in any single weight or bias (the network is
   * linear in each layer's parameters), so central differences have no truncation error, only rounding:
   * ε·|L|/h ≈ 1e-16·10/1e-5 = 1e-10. Every step is checked not to leave the pattern.
   */
  private static final double FD_H = 1e-5;
  private static final double FD_TOL = 1e-8;
  /** The deliberate error: one term of the VJP scaled by 1 + 0.1 %. */
  private static final double PERTURBATION = 1.001;

  /** A small network at a random point, its VJP, and central differences of every coordinate. */
  private static final class Fixture {
    final ConvNetSpec spec;
    final ConvDenoiser net;
    final ConvTape tape;
    final double[] params;
    final double[] x;
    final double[] sigma = {0.1, 0.3};
    final double[] v;
    final List<Boolean> region;
    final double[][] analytic;
    final double[][] fd;

    Fixture(Padding pad, boolean sigmaInput) {
      this(pad, sigmaInput, 1);
    }

    Fixture(Padding pad, boolean sigmaInput, int downsample) {
      spec = ConvDenoiserTest.smallSpec(pad, sigmaInput, downsample);
      net = new ConvDenoiser(spec, ConvDenoiserTest.H, ConvDenoiserTest.W, IMAGES, 5);
      tape = net.newTape();
      params = ConvDenoiserTest.params(spec, 17);
      Random rnd = new Random(2);
      x = ConvDenoiserTest.uniform(rnd, N);
      v = Conv2dTest.gaussian(rnd, N);
      region = ConvDenoiserTest.pattern(spec, params, x, sigma);
      net.forward(params, x, sigma, IMAGES, new double[N], tape);
      analytic = ConvDenoiserTest.vjp(net, params, tape, v);
      fd = new double[][] {central(x), sigmaInput ? central(sigma) : new double[IMAGES], central(params)};
    }

    double loss() {
      double[] out = new double[N];
      net.apply(params, x, sigma, IMAGES, out);
      return ConvDenoiserTest.dot(v, out, N);
    }

    /** Central differences of L in every entry of {@code arr} (one of x, sigma, params; restored afterwards). */
    double[] central(double[] arr) {
      double[] g = new double[arr.length];
      for (int i = 0; i < arr.length; i++) {
        double keep = arr[i];
        arr[i] = keep + FD_H;
        double plus = loss();
        assertEquals(region, ConvDenoiserTest.pattern(spec, params, x, sigma), "+h leaves the ReLU pattern");
        arr[i] = keep - FD_H;
        double minus = loss();
        assertEquals(region, ConvDenoiserTest.pattern(spec, params, x, sigma), "-h leaves the ReLU pattern");
        arr[i] = keep;
        g[i] = (plus - minus) / (2 * FD_H);
      }
      return g;
    }

    /** The check: largest |VJP − central difference| over x, σ and θ. */
    double worst(double[] gx, double[] gs, double[] gp) {
      return Math.max(maxDiff(gx, fd[0]), Math.max(maxDiff(gs, fd[1]), maxDiff(gp, fd[2])));
    }
  }

  private static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @ParameterizedTest
  @EnumSource(Padding.class)
  void vjpMatchesCentralDifferencesInInputSigmaWeightsAndBiases(Padding pad) {
    for (int variant = 0; variant < 4; variant++) {
      boolean sigmaInput = variant % 2 == 0;
      Fixture f = new Fixture(pad, sigmaInput, 1 + variant / 2);
      double[][] g = f.analytic;
      assertTrue(maxDiff(g[0], f.fd[0]) <= FD_TOL, "d/dx: " + maxDiff(g[0], f.fd[0]));
      assertTrue(maxDiff(g[1], f.fd[1]) <= FD_TOL, "d/dsigma: " + maxDiff(g[1], f.fd[1]));
      for (int l = 0; l < f.spec.depth(); l++) {
        int w0 = f.spec.weightOffset(l);
        int b0 = f.spec.biasOffset(l);
        double dw = maxDiff(java.util.Arrays.copyOfRange(g[2], w0, b0),
            java.util.Arrays.copyOfRange(f.fd[2], w0, b0));
        double db = maxDiff(java.util.Arrays.copyOfRange(g[2], b0, f.spec.weightOffset(l + 1)),
            java.util.Arrays.copyOfRange(f.fd[2], b0, f.spec.weightOffset(l + 1)));
        assertTrue(dw <= FD_TOL, "layer " + l + " weights: " + dw);
        assertTrue(db <= FD_TOL, "layer " + l + " biases: " + db);
      }
      if (sigmaInput) {
        assertTrue(Math.abs(g[1][0]) > 1e-3, "the sigma channel matters at this point");
      }
    }
  }

  /**
   * Perturbed VJP terms must fail the same check: layer 1's weight gradient is a sum over images, and scaling image
   * 0's term by 1.001 must be caught; so must 1.001 × the σ gradient of image 0, 1.001 × one bias gradient and
   * 1.001 × one pixel's input gradient.
   */
  @Test
  void theCheckCatchesAPointOnePercentErrorInOneVjpTerm() {
    catchCase(1, 7);
    catchCase(2, 4); // pixel 4: the last column, which the downsampled grid also repeats
  }

  private static void catchCase(int downsample, int pixel) {
    Fixture f = new Fixture(Padding.ZERO, true, downsample);
    double[] gx = f.analytic[0];
    double[] gs = f.analytic[1];
    double[] gp = f.analytic[2];
    assertTrue(f.worst(gx, gs, gp) <= FD_TOL, "the unperturbed VJP passes: " + f.worst(gx, gs, gp));
    // image 0's term of the weight gradient: the VJP of the cotangent restricted to image 0
    double[] v0 = f.v.clone();
    java.util.Arrays.fill(v0, N / IMAGES, N, 0.0);
    double[] term = new double[gp.length];
    f.net.vjp(f.params, f.tape, v0, null, null, term);
    double[] bad = gp.clone();
    for (int i = f.spec.weightOffset(1); i < f.spec.biasOffset(1); i++) {
      bad[i] += (PERTURBATION - 1) * term[i];
    }
    double caught = f.worst(gx, gs, bad);
    assertTrue(caught > 10 * FD_TOL, "a 0.1 % error in one weight-gradient term is caught: " + caught);
    double[] badSigma = gs.clone();
    badSigma[0] *= PERTURBATION;
    assertTrue(f.worst(gx, badSigma, gp) > 10 * FD_TOL, "σ term");
    double[] badBias = gp.clone();
    badBias[f.spec.biasOffset(0)] *= PERTURBATION;
    assertTrue(f.worst(gx, gs, badBias) > 10 * FD_TOL, "bias term");
    double[] badX = gx.clone();
    badX[pixel] *= PERTURBATION;
    assertTrue(f.worst(badX, gs, gp) > 10 * FD_TOL, "input term");
  }

  @ParameterizedTest
  @EnumSource(Padding.class)
  void jvpMatchesCentralDifferences(Padding pad) {
    jvpCase(pad, 1);
    jvpCase(pad, 2);
  }

  private static void jvpCase(Padding pad, int downsample) {
    Fixture f = new Fixture(pad, true, downsample);
    Random rnd = new Random(8);
    double[] t = Conv2dTest.gaussian(rnd, N);
    double[] ts = {0.7, -1.3};
    double[] jt = new double[N];
    f.net.jvp(f.params, f.tape, t, ts, jt);
    double[] plus = new double[N];
    double[] minus = new double[N];
    double[] xp = f.x.clone();
    double[] sp = f.sigma.clone();
    for (int i = 0; i < N; i++) {
      xp[i] = f.x[i] + FD_H * t[i];
    }
    for (int b = 0; b < IMAGES; b++) {
      sp[b] = f.sigma[b] + FD_H * ts[b];
    }
    f.net.apply(f.params, xp, sp, IMAGES, plus);
    assertEquals(f.region, ConvDenoiserTest.pattern(f.spec, f.params, xp, sp));
    for (int i = 0; i < N; i++) {
      xp[i] = f.x[i] - FD_H * t[i];
    }
    for (int b = 0; b < IMAGES; b++) {
      sp[b] = f.sigma[b] - FD_H * ts[b];
    }
    f.net.apply(f.params, xp, sp, IMAGES, minus);
    assertEquals(f.region, ConvDenoiserTest.pattern(f.spec, f.params, xp, sp));
    for (int i = 0; i < N; i++) {
      assertEquals((plus[i] - minus[i]) / (2 * FD_H), jt[i], FD_TOL, "pixel " + i);
    }
  }
}
