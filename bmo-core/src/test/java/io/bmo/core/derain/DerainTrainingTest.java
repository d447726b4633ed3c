package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.Flips;
import io.bmo.core.train.ShardPlan;
import java.util.Arrays;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

/**
 * The family's training problems: examples that depend only on (seed, i), the task's sums equal to the per-example
 * stages summed independently, and the classical grid search against an exhaustive check.
 */
class DerainTrainingTest {
  static final int CROP = 12;

  static RainExamples examples(long seed, double heavy) {
    return examples(seed, heavy, 0.0);
  }

  static RainExamples examples(long seed, double heavy, double additive) {
    ImageBank bank = pnpBank(seed);
    return new RainExamples(bank, 6, seed, new RainSpec(1, 0.03, new RainSpec.Range(-20, 20), 2,
        new RainSpec.Range(4, 8), new RainSpec.Range(1, 2), new RainSpec.Range(0.3, 0.6)), new RainSpec(3, 0.02,
        new RainSpec.Range(-40, 40), 4, new RainSpec.Range(4, 8), new RainSpec.Range(1, 2),
        new RainSpec.Range(0.3, 0.6)), heavy, additive);
  }

  /** Two small images of smooth structure plus seeded texture, in [0, 1]. */
  static ImageBank pnpBank(long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[][] ims = new double[2][];
    int[] h = {20, 24};
    int[] w = {22, 18};
    for (int j = 0; j < 2; j++) {
      ims[j] = new double[h[j] * w[j]];
      for (int p = 0; p < ims[j].length; p++) {
        ims[j][p] = 0.5 + 0.3 * Math.sin(0.4 * (p / w[j]) + j) * Math.cos(0.3 * (p % w[j]))
            + 0.1 * (r.nextDouble() - 0.5);
      }
    }
    return new ImageBank(ims, h, w);
  }

  /**
   * The blend of each example: with an additive fraction of 1 every rainy pixel is min(1, B + R) of the same crop and
   * rain layer as the screen-blend example (B + R − B·R), with 0.5 each example is exactly one of the two, and the
   * choice depends only on (seed, i).
   */
  @Test
  void additiveFractionChoosesTheBlendPerExample() {
    RainExamples screen = examples(11, 0.5, 0.0);
    RainExamples sum = examples(11, 0.5, 1.0);
    RainExamples mixed = examples(11, 0.5, 0.5);
    int additive = 0;
    for (long i = 0; i < 6; i++) {
      double[] c = new double[CROP * CROP];
      double[] os = new double[CROP * CROP];
      double[] oa = new double[CROP * CROP];
      double[] om = new double[CROP * CROP];
      screen.example(i, CROP, c, os);
      sum.example(i, CROP, c, oa);
      mixed.example(i, CROP, c, om);
      boolean isSum = true;
      boolean isScreen = true;
      for (int p = 0; p < c.length; p++) {
        double r = (os[p] - c[p]) / (1 - c[p]); // the layer, from the screen blend
        assertEquals(Math.min(1.0, c[p] + r), oa[p], 1e-12, "clipped sum of the same layer");
        isSum &= om[p] == oa[p];
        isScreen &= om[p] == os[p];
      }
      assertTrue(isSum || isScreen, "example " + i + " is one blend or the other");
      additive += isSum && !isScreen ? 1 : 0;
      double[] again = new double[CROP * CROP];
      examples(11, 0.5, 0.5).example(i, CROP, c, again);
      assertArrayEquals(om, again, 0.0);
    }
    assertTrue(additive > 0 && additive < 6, "both blends occur among 6 examples at 0.5: " + additive);
  }

  @Test
  void exampleDependsOnlyOnSeedAndIndex() {
    RainExamples a = examples(11, 0.5);
    double[] c1 = new double[CROP * CROP];
    double[] o1 = new double[CROP * CROP];
    double[] c2 = new double[CROP * CROP];
    double[] o2 = new double[CROP * CROP];
    a.example(4, CROP, c1, o1);
    a.example(2, CROP, c2, o2);
    examples(11, 0.5).example(4, CROP, c2, o2);
    assertArrayEquals(c1, c2, 0.0);
    assertArrayEquals(o1, o2, 0.0);
    for (int p = 0; p < o1.length; p++) {
      assertTrue(o1[p] >= c1[p] && o1[p] <= 1, "screen blend: rain only brightens");
    }
    examples(11, 0.0).example(4, CROP, c2, o2);
    double[] light = o2.clone();
    examples(11, 1.0).example(4, CROP, c2, o2);
    assertArrayEquals(c1, c2, 0.0);
    assertFalse(Arrays.equals(light, o2), "the heavy spec makes other rain");
  }

  @Test
  void taskSumsEqualTheStagesSummedExampleByExample() {
    DerainTraining p = new DerainTraining(DerainStagesTest.SPEC, 2, 2, 3, new PnpDeblur.Aggregation(0.2, 0.8, 0.9,
        true), true, CROP, examples(11, 0.5), examples(12, 0.5));
    DerainStages d = new DerainStages(new ConvDenoiser(DerainStagesTest.SPEC, CROP, CROP, 1), 2, 2, 3,
        new PnpDeblur.Aggregation(0.2, 0.8, 0.9, true), true);
    double[] w = new double[p.layout().size()];
    assertEquals(d.dimension(), w.length);
    twoStageWeights(w, d);
    LossGradientSum s = p.newTask().train(w, new ShardPlan(6, 1, 6), 0, null, true);
    double[] g = new double[w.length];
    double loss = sumOverCrops(6, (rainy, clean) -> d.lossAndGradient(w, rainy, clean, g));
    assertEquals(loss, s.lossSum(), 1e-15 * loss);
    double[] got = s.gradSumBuffer();
    for (int i = 0; i < g.length; i++) {
      assertEquals(g[i], got[i], 1e-13 * (1 + Math.abs(g[i])), p.layout().coordinate(i));
    }
    assertEquals(6, s.count());
  }

  /**
   * The log loss: the task's sum is Σ ½ log(MSE_i + f) over its crops, and its gradient matches central differences
   * of that sum in stage parameters, filter taps and network weights (and is not the MSE loss's gradient).
   */
  @Test
  void logLossSumsEachCropsLogErrorWithItsExactGradient() {
    double floor = 1e-4;
    PnpDeblur.Aggregation agg = new PnpDeblur.Aggregation(0.2, 0.8, 0.9, true);
    DerainTraining p = new DerainTraining(DerainStagesTest.SPEC, 2, 2, 3, agg, true, false, false,
        DerainStages.Output.BACKGROUND, null, CROP, examples(11, 0.5), null, floor);
    DerainTraining mse = new DerainTraining(DerainStagesTest.SPEC, 2, 2, 3, agg, true, CROP, examples(11, 0.5),
        null);
    DerainStages d = new DerainStages(new ConvDenoiser(DerainStagesTest.SPEC, CROP, CROP, 1), 2, 2, 3, agg, true);
    double[] w = new double[p.layout().size()];
    twoStageWeights(w, d);
    ShardPlan plan = new ShardPlan(4, 1, 4);
    LossGradientSum s = p.newTask().train(w, plan, 0, null, true);
    double expected = sumOverCrops(4,
        (rainy, clean) -> 0.5 * Math.log(2 * d.lossAndGradient(w, rainy, clean, new double[w.length]) + floor));
    assertEquals(expected, s.lossSum(), 1e-14 * Math.abs(expected));
    double[] g = s.gradSumBuffer();
    double[] gMse = mse.newTask().train(w, plan, 0, null, true).gradSumBuffer();
    int[] coords = {0, 3, 5, 6, d.filterOffset(), d.filterOffset() + 7, d.networkOffset() + 3,
        d.networkOffset() + 40, w.length - 1};
    double h = 1e-6;
    for (int i : coords) {
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[i] += h;
      wm[i] -= h;
      double fd = (p.newTask().train(wp, plan, 0, null, false).lossSum()
          - p.newTask().train(wm, plan, 0, null, false).lossSum()) / (2 * h);
      assertEquals(fd, g[i], 1e-6 * (1 + Math.abs(fd)), p.layout().coordinate(i));
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < g.length; i++) {
      diff += (g[i] - gMse[i]) * (g[i] - gMse[i]);
      norm += g[i] * g[i];
    }
    assertTrue(diff > 1e-6 * norm, "the log loss's gradient is not the MSE loss's");
  }

  /** Σ f(rainy, clean) over the first {@code count} training crops of {@code examples(11, 0.5)}, in order. */
  private static double sumOverCrops(int count, ToDoubleBiFunction<double[], double[]> f) {
    double[] clean = new double[CROP * CROP];
    double[] rainy = new double[CROP * CROP];
    RainExamples train = examples(11, 0.5);
    double sum = 0;
    for (long i = 0; i < count; i++) {
      train.example(i, CROP, clean, rainy);
      sum += f.applyAsDouble(rainy, clean);
    }
    return sum;
  }

  /**
   * The self-ensemble of restored images: one pass is the stages' output bit for bit; two passes are the mean of the
   * image's and its mirror's outputs, the latter mirrored back, bit for bit; four passes commute with every flip of
   * the image (to rounding), which one pass does not; the trace afterwards is the unflipped image's.
   */
  @Test
  void selfEnsembleAveragesTheFlippedPassesAndCommutesWithFlips() {
    int h = 10;
    int wd = 14;
    DerainTraining p = new DerainTraining(DerainStagesTest.SPEC, 2, 2, 3, new PnpDeblur.Aggregation(0.2, 0.8, 0.9,
        true), true, CROP, examples(11, 0.5), null);
    DerainStages d = p.restorer(h, wd);
    double[] w = new double[p.layout().size()];
    twoStageWeights(w, d);
    double[] o = new double[h * wd];
    for (int q = 0; q < o.length; q++) {
      o[q] = 0.5 + 0.4 * Math.sin(0.9 * q) * Math.cos(0.31 * q);
    }
    double[] one = new double[o.length];
    d.forward(w, o, null, one, null);
    double[][] trace = {d.stage(1)[0].clone(), d.stage(2)[1].clone()};
    double[] y = new double[o.length];
    DerainRuns.selfEnsemble(d, w, o, h, wd, 1, y);
    assertArrayEquals(one, y, 0.0);

    double[] mirrored = new double[o.length];
    double[] out = new double[o.length];
    double[] back = new double[o.length];
    Flips.apply(1, o, mirrored, h, wd);
    d.forward(w, mirrored, null, out, null);
    Flips.apply(1, out, back, h, wd);
    DerainRuns.selfEnsemble(d, w, o, h, wd, 2, y);
    for (int q = 0; q < o.length; q++) {
      assertEquals((back[q] + one[q]) / 2, y[q], 0.0, "pixel " + q);
    }
    assertArrayEquals(trace[0], d.stage(1)[0], 0.0, "the trace is the unflipped pass");
    assertArrayEquals(trace[1], d.stage(2)[1], 0.0, "the trace is the unflipped pass");

    double[] four = new double[o.length];
    DerainRuns.selfEnsemble(d, w, o, h, wd, 4, four);
    double[] expected = new double[o.length];
    double singleGap = 0;
    for (int f = 1; f < Flips.COUNT; f++) {
      Flips.apply(f, o, mirrored, h, wd);
      DerainRuns.selfEnsemble(d, w, mirrored, h, wd, 4, y);
      Flips.apply(f, four, expected, h, wd);
      assertArrayEquals(expected, y, 1e-14, "the 4-pass ensemble commutes with flip " + f);
      d.forward(w, mirrored, null, y, null);
      Flips.apply(f, one, expected, h, wd);
      for (int q = 0; q < o.length; q++) {
        singleGap = Math.max(singleGap, Math.abs(expected[q] - y[q]));
      }
    }
    assertTrue(singleGap > 1e-6, "one pass does not commute with flips: " + singleGap);
  }

  /** Stage parameters, filter taps and network weights of a 2-stage model, all away from special values. */
  private static void twoStageWeights(double[] w, DerainStages d) {
    for (int k = 0; k < 2; k++) {
      w[k] = Math.log(1.0);
      w[2 + k] = Math.log(0.1);
      w[4 + k] = Math.log(0.05);
      w[6 + k] = Math.log(0.01);
    }
    for (int i = d.filterOffset(); i < d.networkOffset(); i++) {
      w[i] = 0.1 * Math.sin(i);
    }
    System.arraycopy(DerainStagesTest.SPEC.initialParameters(5), 0, w, d.networkOffset(),
        DerainStagesTest.SPEC.parameterCount());
  }

  @Test
  void classicalGridSearchPicksTheBestGridPoint() {
    ClassicalTraining c = new ClassicalTraining(3, 0.01, CROP, examples(11, 0.5), null);
    double[] best = c.tune(3);
    double[] clean = new double[CROP * CROP];
    double[] rainy = new double[CROP * CROP];
    double[] b = new double[CROP * CROP];
    double[] r = new double[CROP * CROP];
    double bestErr = error(c, best, 3, clean, rainy, b, r);
    for (double alpha : ClassicalTraining.ALPHAS) {
      for (double lambda : ClassicalTraining.LAMBDAS) {
        double[] other = {alpha, ClassicalTraining.TAUS[1], ClassicalTraining.ETAS[1], lambda};
        assertTrue(bestErr <= error(c, other, 3, clean, rainy, b, r), Arrays.toString(other));
      }
    }
    // the trained loss is that error, and the gradient is exactly zero (the grid, not the optimizer, tunes)
    LossGradientSum s = c.newTask().train(best, new ShardPlan(6, 1, 6), 0, null, true);
    for (double v : s.gradSumBuffer()) {
      assertEquals(0.0, v);
    }
  }

  static double error(ClassicalTraining c, double[] w, int n, double[] clean, double[] rainy, double[] b,
      double[] r) {
    RainExamples e = examples(11, 0.5);
    double s = 0;
    for (int i = 0; i < n; i++) {
      e.example(i, CROP, clean, rainy);
      c.derainer(w).derain(rainy, CROP, CROP, b, r);
      s += ClassicalTraining.squaredError(b, clean);
    }
    return s;
  }
}
