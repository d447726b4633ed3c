package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unrolled plug-and-play deblurring stages: exact hypergradient against central differences. */
class PnpDeblurTest {
  static final int H = 8;
  static final int W = 9;
  static final int K = 3;

  final Random rnd = new Random(3);
  final ConvNetSpec spec = network();
  final ConvDenoiser net = new ConvDenoiser(spec, H, W, 1);
  final double[] theta = spec.initialParameters(5);
  final DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(kernel(), new ImageShape(H, W)));
  final double[] clean = new double[H * W];
  final double[] y = new double[H * W];

  PnpDeblurTest() {
    for (int p = 0; p < clean.length; p++) {
      clean[p] = 0.5 + 0.4 * Math.sin(0.7 * p) * Math.cos(0.3 * p);
    }
    new CircularBlur(step.spectrum()).apply(clean, y);
    for (int p = 0; p < y.length; p++) {
      y[p] += 0.02 * rnd.nextGaussian();
    }
  }

  /** The stages' network (a subclass runs every test again on another). */
  ConvNetSpec network() {
    return ConvNetSpec.plain(3, 4, 3, Padding.CIRCULAR, true);
  }

  BlurKernel kernel() {
    double[] t = new double[9];
    double s = 0;
    for (int i = 0; i < 9; i++) {
      t[i] = 0.2 + rnd.nextDouble();
      s += t[i];
    }
    for (int i = 0; i < 9; i++) {
      t[i] /= s;
    }
    return new BlurKernel(3, 3, t);
  }

  double[] omega(boolean learnNet) {
    double[] stages = PnpDeblur.dpirSchedule(K, 0.2, 0.02, 0.23);
    if (!learnNet) {
      return stages;
    }
    double[] w = new double[stages.length + theta.length];
    System.arraycopy(stages, 0, w, 0, stages.length);
    System.arraycopy(theta, 0, w, stages.length, theta.length);
    return w;
  }

  double loss(PnpDeblur pnp, double[] omega) {
    double[] out = new double[H * W];
    pnp.forward(omega, theta, step, y, clean, out);
    double s = 0;
    for (int p = 0; p < out.length; p++) {
      s += (out[p] - clean[p]) * (out[p] - clean[p]);
    }
    return 0.5 * s / out.length;
  }

  void checkAgainstCentralDifferences(PnpDeblur.Aggregation agg, boolean learnNet, double tol) {
    checkAgainstCentralDifferences(new PnpDeblur(net, K, agg, learnNet), K, omega(learnNet), tol);
  }

  void checkAgainstCentralDifferences(PnpDeblur pnp, int stages, double[] w, double tol) {
    assertEquals(pnp.dimension(), w.length);
    double[] g = new double[w.length];
    double l = pnp.lossAndGradient(w, theta, step, y, clean, g);
    assertEquals(loss(pnp, w), l, 0.0, "the loss is the forward pass's");
    int checked = 0;
    for (int i = 0; i < w.length; i += i < 2 * stages ? 1 : 5) {
      double h = 1e-6 * Math.max(1, Math.abs(w[i]));
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[i] += h;
      wm[i] -= h;
      double fd = (loss(pnp, wp) - loss(pnp, wm)) / (2 * h);
      double scale = Math.max(1e-6, Math.abs(fd));
      assertTrue(Math.abs(fd - g[i]) <= tol * scale, "omega[" + i + "]: analytic " + g[i] + " vs fd " + fd);
      checked++;
    }
    assertTrue(checked >= 2 * stages, "checked " + checked);
  }

  @Test
  void stageHyperparametersMatchCentralDifferences() {
    checkAgainstCentralDifferences(new PnpDeblur.Aggregation(0.0, 0.5, 1.0, false), false, 1e-6);
  }

  @Test
  void bmoAggregationAndNetworkWeightsMatchCentralDifferences() {
    checkAgainstCentralDifferences(new PnpDeblur.Aggregation(0.3, 0.5, 0.9, false), true, 1e-5);
  }

  @Test
  void flippedStagesMatchCentralDifferencesAndDifferFromUnflipped() {
    // K = 4 stages: none, left-right, up-down, both; H != W so a transpose in place of a flip would fail
    PnpDeblur.Aggregation agg = new PnpDeblur.Aggregation(0.3, 0.5, 0.9, true);
    PnpDeblur flipped = new PnpDeblur(net, 4, agg, true, true);
    double[] w = omega(true);
    double[] w4 = new double[flipped.dimension()];
    double[] s4 = PnpDeblur.dpirSchedule(4, 0.2, 0.02, 0.23);
    System.arraycopy(s4, 0, w4, 0, s4.length);
    System.arraycopy(w, 2 * K, w4, s4.length, theta.length);
    double[] a = new double[H * W];
    double[] b = new double[H * W];
    flipped.forward(w4, theta, step, y, clean, a);
    new PnpDeblur(net, 4, agg, true).forward(w4, theta, step, y, clean, b);
    double diff = 0;
    for (int p = 0; p < a.length; p++) {
      diff = Math.max(diff, Math.abs(a[p] - b[p]));
    }
    assertTrue(diff > 1e-6, "the flips must change the (non-equivariant) network's output, max diff " + diff);
    checkAgainstCentralDifferences(flipped, 4, w4, 1e-5);
  }

  @Test
  void projectionPassesTheCotangentOnlyInsideTheBox() {
    // y scaled up so that some pixels leave [0, 1] and get clipped in every stage
    for (int p = 0; p < y.length; p++) {
      y[p] = 1.6 * y[p] - 0.3;
    }
    PnpDeblur.Aggregation agg = new PnpDeblur.Aggregation(0.2, 0.5, 1.0, true);
    double[] out = new double[H * W];
    new PnpDeblur(net, K, agg, true).forward(omega(true), theta, step, y, clean, out);
    long clipped = java.util.Arrays.stream(out).filter(v -> v == 0.0 || v == 1.0).count();
    assertTrue(clipped > 0, "the case must clip some pixels");
    checkAgainstCentralDifferences(agg, true, 1e-5);
  }

  @Test
  void gradientIsBitIdenticalAcrossCallsAndAddsIntoTheBuffer() {
    PnpDeblur pnp = new PnpDeblur(net, K, new PnpDeblur.Aggregation(0.3, 0.5, 0.9, true), true);
    double[] w = omega(true);
    double[] g1 = new double[w.length];
    double[] g2 = new double[w.length];
    pnp.lossAndGradient(w, theta, step, y, clean, g1);
    pnp.lossAndGradient(w, theta, step, y, clean, g2);
    assertArrayEquals(g1, g2, 0.0);
    pnp.lossAndGradient(w, theta, step, y, clean, g2);
    for (int i = 0; i < g1.length; i++) {
      assertEquals(2 * g1[i], g2[i], Math.ulp(g1[i]) * 4, "added, not overwritten: " + i);
    }
  }
}
