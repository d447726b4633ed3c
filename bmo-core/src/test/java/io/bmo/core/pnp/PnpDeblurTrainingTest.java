package io.bmo.core.pnp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.deconv.BlurSpectrum;
import io.bmo.core.deconv.DeblurDataStep;
import io.bmo.core.deconv.MotionKernels;
import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The family's training problem: its loss and hypergradient against central differences (stage parameters and
 * network weights), examples that depend only on (seed, i), and an evaluation that runs the stages with μ = 0.
 */
class PnpDeblurTrainingTest {
  static final int CROP = 16;
  static final int STAGES = 3;
  static final ConvNetSpec SPEC = new ConvNetSpec(2, 4, 3, List.of(1, 2), Padding.ZERO, true);

  static ImageBank bank(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] ims = new double[2][];
    int[] h = {20, 24};
    int[] w = {22, 18};
    for (int j = 0; j < 2; j++) {
      ims[j] = new double[h[j] * w[j]];
      for (int p = 0; p < ims[j].length; p++) { // smooth structure plus texture, in [0, 1]
        int a = p / w[j];
        int b = p % w[j];
        ims[j][p] = 0.5 + 0.3 * Math.sin(0.4 * a + j) * Math.cos(0.3 * b) + 0.1 * (r.nextDouble() - 0.5);
      }
    }
    return new ImageBank(ims, h, w);
  }

  static PnpDeblurTraining problem(boolean learn, double mu) {
    PnpDeblurTraining.Examples train = new PnpDeblurTraining.Examples(bank(1), 6, 11, new MotionKernels(11, 3, 7));
    PnpDeblurTraining.Examples test = new PnpDeblurTraining.Examples(bank(2), 4, 12, new MotionKernels(12, 3, 7));
    return new PnpDeblurTraining(SPEC, STAGES, new PnpDeblur.Aggregation(mu, 0.8, 0.9, true), learn, false, CROP, 0.02,
        train, test);
  }

  static double[] omega(PnpDeblurTraining p) {
    double[] w = new double[p.layout().size()];
    System.arraycopy(PnpDeblur.dpirSchedule(STAGES, 0.2, 0.02, 0.23), 0, w, 0, 2 * STAGES);
    System.arraycopy(SPEC.initialParameters(5), 0, w, 2 * STAGES, SPEC.parameterCount());
    return w;
  }

  static double loss(ShardTask t, double[] w, ShardPlan plan) {
    return t.train(w, plan, 0, null, false).lossSum();
  }

  void checkAgainstCentralDifferences(boolean learn, double mu, int[] coords) {
    PnpDeblurTraining p = problem(learn, mu);
    double[] w = omega(p);
    ShardPlan plan = new ShardPlan(6, 1, 6);
    ShardTask t = p.newTask();
    LossGradientSum s = t.train(w, plan, 0, null, true);
    assertEquals(loss(t, w, plan), s.lossSum(), 0.0, "the loss with and without the gradient");
    for (int i : coords) {
      double h = 1e-5 * Math.max(1, Math.abs(w[i]));
      double[] a = w.clone();
      double[] b = w.clone();
      a[i] += h;
      b[i] -= h;
      double fd = (loss(t, a, plan) - loss(t, b, plan)) / (2 * h);
      double g = s.gradSumBuffer()[i];
      assertEquals(fd, g, 1e-6 * Math.max(1e-3, Math.abs(fd)), p.layout().coordinate(i) + " (mu " + mu + ")");
    }
  }

  @Test
  void stageHypergradientEqualsCentralDifferences() {
    int[] all = new int[2 * STAGES];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    checkAgainstCentralDifferences(false, 0.0, all);
    checkAgainstCentralDifferences(false, 0.3, all);
  }

  @Test
  void aNetworkThatIsNotLearnedHasAZeroGradient() {
    PnpDeblurTraining p = problem(false, 0.3);
    double[] g = p.newTask().train(omega(p), new ShardPlan(6, 1, 6), 0, null, true).gradSumBuffer();
    for (int i = 2 * STAGES; i < g.length; i++) {
      assertEquals(0.0, g[i], p.layout().coordinate(i));
    }
  }

  @Test
  void networkHypergradientEqualsCentralDifferences() {
    PnpDeblurTraining p = problem(true, 0.2);
    int n = p.layout().size();
    checkAgainstCentralDifferences(true, 0.2, new int[] {0, STAGES + 1, 2 * STAGES, 2 * STAGES + 17, n - 5, n - 1});
  }

  @Test
  void exampleDependsOnlyOnSeedAndIndex() {
    PnpDeblurTraining p = problem(false, 0.0);
    PnpDeblurTraining.Examples side = new PnpDeblurTraining.Examples(bank(1), 6, 11, new MotionKernels(11, 3, 7));
    double[] c1 = new double[CROP * CROP];
    double[] y1 = new double[CROP * CROP];
    double[] c2 = new double[CROP * CROP];
    double[] y2 = new double[CROP * CROP];
    BlurKernel k1 = p.example(side, 4, c1, y1);
    p.example(side, 1, c2, y2); // another example in between changes nothing
    BlurKernel k2 = p.example(side, 4, c2, y2);
    assertArrayEquals(c1, c2);
    assertArrayEquals(y1, y2);
    assertEquals(new MotionKernels(11, 3, 7).kernel(4), k1);
    assertEquals(k1, k2);
  }

  @Test
  void evaluationRunsTheStagesWithoutTheUpperStep() {
    PnpDeblurTraining p = problem(false, 0.5);
    double[] w = omega(p);
    ShardPlan plan = new ShardPlan(4, 2, 2);
    double[][] e0 = p.newTask().evaluate(w, true, plan, 0, p.evalDepths());
    double[][] e1 = p.newTask().evaluate(w, true, plan, 1, p.evalDepths());
    // The slow path: the same examples through PnpDeblur with mu = 0, clamped to [0, 1].
    PnpDeblur plain = new PnpDeblur(new ConvDenoiser(SPEC, CROP, CROP, 1), STAGES,
        new PnpDeblur.Aggregation(0, 0.8, 0.9, true), false);
    PnpDeblurTraining.Examples test = new PnpDeblurTraining.Examples(bank(2), 4, 12, new MotionKernels(12, 3, 7));
    double sq = 0;
    double[] clean = new double[CROP * CROP];
    double[] y = new double[CROP * CROP];
    double[] out = new double[CROP * CROP];
    for (int i = 0; i < 4; i++) {
      BlurKernel k = p.example(test, i, clean, y);
      plain.forward(w, SPEC.initialParameters(5), new DeblurDataStep(new BlurSpectrum(k, new ImageShape(CROP, CROP))),
          y, null, out);
      for (int q = 0; q < out.length; q++) {
        double d = Math.min(1, Math.max(0, out[q])) - clean[q];
        sq += d * d;
      }
    }
    assertEquals(sq, e0[0][0] + e1[0][0], 1e-12 * sq);
    assertEquals(4.0 * CROP * CROP, e0[0][1] + e1[0][1]);
    assertTrue(new PixelErrors(sq, 4.0 * CROP * CROP).psnr() > 10, "a sane PSNR");
  }

  /**
   * Deblurring with the self-ensemble: one pass is the stages' output bit for bit; two passes are the mean of the
   * observation's and its mirror's restorations (the mirror under the mirrored kernel, its result mirrored back), bit
   * for bit; four passes commute with every flip of the problem (to rounding), which one pass does not.
   */
  @Test
  void theSelfEnsembleAveragesTheFlippedProblemsAndCommutesWithFlips() {
    PnpDeblurTraining p = problem(true, 0.3);
    double[] w = omega(p);
    int h = 12;
    int wd = 15;
    SplittableRandom r = new SplittableRandom(8);
    double[] x = new double[h * wd];
    for (int q = 0; q < x.length; q++) {
      x[q] = 0.5 + 0.3 * Math.sin(0.7 * q) + 0.1 * r.nextDouble();
    }
    double[] taps = new double[15];
    for (int q = 0; q < taps.length; q++) {
      taps[q] = r.nextDouble();
    }
    BlurKernel k = new BlurKernel(3, 5, taps);
    ImageShape shape = new ImageShape(h, wd);
    double[] y = new double[x.length];
    new io.bmo.core.deconv.CircularBlur(new BlurSpectrum(k, shape)).apply(x, y);
    PnpDeblur d = p.restorer(h, wd);
    double[] stageParams = java.util.Arrays.copyOf(w, 2 * STAGES);
    double[] one = new double[x.length];
    d.forward(stageParams, p.network(w), new DeblurDataStep(new BlurSpectrum(k, shape)), y, null, one);
    double[] out = new double[x.length];
    p.restore(w, k, y, h, wd, 1, out);
    assertArrayEquals(one, out, 0.0, "one pass");

    double[] mirrored = new double[x.length];
    double[] pass = new double[x.length];
    double[] back = new double[x.length];
    io.bmo.core.nn.Flips.apply(1, y, mirrored, h, wd);
    d.forward(stageParams, p.network(w), new DeblurDataStep(new BlurSpectrum(k.flipped(1), shape)), mirrored, null,
        pass);
    io.bmo.core.nn.Flips.apply(1, pass, back, h, wd);
    p.restore(w, k, y, h, wd, 2, out);
    for (int q = 0; q < x.length; q++) {
      assertEquals((one[q] + back[q]) / 2, out[q], 0.0, "two passes, pixel " + q);
    }

    double[] four = new double[x.length];
    p.restore(w, k, y, h, wd, 4, four);
    double[] expected = new double[x.length];
    double singleGap = 0;
    for (int f = 1; f < io.bmo.core.nn.Flips.COUNT; f++) {
      io.bmo.core.nn.Flips.apply(f, y, mirrored, h, wd);
      p.restore(w, k.flipped(f), mirrored, h, wd, 4, out);
      io.bmo.core.nn.Flips.apply(f, four, expected, h, wd);
      assertArrayEquals(expected, out, 1e-13, "four passes commute with flip " + f);
      p.restore(w, k.flipped(f), mirrored, h, wd, 1, out);
      io.bmo.core.nn.Flips.apply(f, one, expected, h, wd);
      for (int q = 0; q < x.length; q++) {
        singleGap = Math.max(singleGap, Math.abs(expected[q] - out[q]));
      }
    }
    assertTrue(singleGap > 1e-6, "one pass does not commute with flips: " + singleGap);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> p.restore(w, k, y, h, wd, 3, new double[x.length]));

    // eight passes: the four flips of the problem and of its transpose; they commute with transposition and flips
    double[] eight = new double[x.length];
    p.restore(w, k, y, h, wd, 8, eight);
    double[] yt = new double[x.length];
    double[] fourT = new double[x.length];
    double[] backT = new double[x.length];
    io.bmo.core.nn.Flips.transpose(y, yt, h, wd);
    p.restore(w, k.transposed(), yt, wd, h, 4, fourT);
    io.bmo.core.nn.Flips.transpose(fourT, backT, wd, h);
    for (int q = 0; q < x.length; q++) {
      assertEquals((four[q] + backT[q]) / 2, eight[q], 1e-15, "eight passes, pixel " + q);
    }
    p.restore(w, k.transposed(), yt, wd, h, 8, out);
    io.bmo.core.nn.Flips.transpose(eight, expected, h, wd);
    assertArrayEquals(expected, out, 1e-13, "eight passes commute with the transpose");
    for (int f = 1; f < io.bmo.core.nn.Flips.COUNT; f++) {
      io.bmo.core.nn.Flips.apply(f, y, mirrored, h, wd);
      p.restore(w, k.flipped(f), mirrored, h, wd, 8, out);
      io.bmo.core.nn.Flips.apply(f, eight, expected, h, wd);
      assertArrayEquals(expected, out, 1e-13, "eight passes commute with flip " + f);
    }
  }
}
