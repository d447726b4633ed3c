package io.bmo.core.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Denoiser pretraining as a sharded problem: exact gradient, thread/shard independence, PSNR against a slow path. */
class DenoiserTrainingTest {
  final ConvNetSpec spec = ConvNetSpec.plain(3, 4, 3, Padding.ZERO, true);

  static DenoiserTraining.ImageBank bank(long seed, int count) {
    Random r = new Random(seed);
    double[][] ims = new double[count][12 * 14];
    for (double[] im : ims) {
      double f = 0.2 + r.nextDouble();
      for (int p = 0; p < im.length; p++) {
        im[p] = 0.5 + 0.4 * Math.sin(f * p + r.nextDouble() * 0.1);
      }
    }
    int[] h = new int[count];
    int[] w = new int[count];
    java.util.Arrays.fill(h, 12);
    java.util.Arrays.fill(w, 14);
    return new DenoiserTraining.ImageBank(ims, h, w);
  }

  DenoiserTraining problem() {
    return problem(0);
  }

  DenoiserTraining problem(double weightSigma) {
    return new DenoiserTraining(spec, bank(1, 3), bank(2, 2), 8, 23, 9, 0.02, 0.2, weightSigma, 7, 8,
        new int[] {15, 50});
  }

  @Test
  void gradientMatchesCentralDifferences() {
    checkCentralDifferences(problem());
  }

  @Test
  void weightedGradientMatchesCentralDifferences() {
    checkCentralDifferences(problem(0.05));
  }

  @Test
  void weightedLossIsTheClosedFormWeightTimesTheUnweightedOne() {
    // one example per shard: loss and every gradient coordinate scale by s²/(σ_i² + s²), σ_i drawn as documented
    ShardPlan plan = new ShardPlan(23, 23, 1);
    double[] w = spec.initialParameters(3);
    double s = 0.05;
    for (int shard : new int[] {0, 5, 22}) {
      LossGradientSum plain = problem().newTask().train(w, plan, shard, null, true);
      LossGradientSum weighted = problem(s).newTask().train(w, plan, shard, null, true);
      java.util.SplittableRandom r = new java.util.SplittableRandom(7 * 0x9E3779B97F4A7C15L + plan.start(shard));
      r.nextInt(3);
      r.nextInt(12 - 8 + 1);
      r.nextInt(14 - 8 + 1);
      double sigma = 0.02 + (0.2 - 0.02) * r.nextDouble();
      double weight = s * s / (sigma * sigma + s * s);
      assertEquals(weight * plain.lossSum(), weighted.lossSum(), 1e-14 * plain.lossSum(), "loss, shard " + shard);
      double[] a = plain.gradientSum();
      double[] b = weighted.gradientSum();
      double scale = 0;
      for (double v : a) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < a.length; i++) {
        assertEquals(weight * a[i], b[i], 1e-13 * scale, "gradient " + i + ", shard " + shard);
      }
      assertEquals(plain.stats()[0], weighted.stats()[0], 0.0, "the reported error stays unweighted");
    }
  }

  void checkCentralDifferences(DenoiserTraining p) {
    ShardPlan plan = new ShardPlan(23, 2, 5);
    double[] w = spec.initialParameters(3);
    LossGradientSum s = p.newTask().train(w, plan, 1, null, true);
    double[] g = s.gradientSum();
    for (int i = 0; i < w.length; i += 17) {
      double h = 1e-6;
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[i] += h;
      wm[i] -= h;
      double fd = (p.newTask().train(wp, plan, 1, null, false).lossSum()
          - p.newTask().train(wm, plan, 1, null, false).lossSum()) / (2 * h);
      assertEquals(fd, g[i], 1e-6 * Math.max(1e-4, Math.abs(fd)), "parameter " + spec.layout().coordinate(i));
    }
  }

  @Test
  void threadsDoNotChangeTheBitsAndMinibatchesSelectTheirExamples() throws Exception {
    DenoiserTraining p = problem();
    ShardPlan plan = new ShardPlan(23, 3, 4);
    double[] w = spec.initialParameters(3);
    LossGradientSum a;
    LossGradientSum b;
    try (LocalExecutor one = new LocalExecutor(p, plan, null, 1);
        LocalExecutor three = new LocalExecutor(p, plan, null, 3)) {
      a = one.trainTotal(w, null, true);
      b = three.trainTotal(w, null, true);
      long[] batch = plan.minibatch(4, 0, 6);
      assertEquals(6, one.trainTotal(w, batch, true).count());
    }
    assertEquals(a.lossSum(), b.lossSum(), 0.0);
    assertArrayEquals(a.gradientSum(), b.gradientSum(), 0.0);
    assertEquals(23, a.count());
  }

  @Test
  void testPsnrEqualsASlowPathForTheIdentityNetwork() {
    // All-zero parameters: f = 0, so D(y) = y and the PSNR is that of the clipped noisy patches.
    DenoiserTraining p = problem();
    ShardPlan test = new ShardPlan(9, 2, 4);
    double[] w = new double[spec.parameterCount()];
    double[][] sum = Trainer.fold(new double[][][] {p.newTask().evaluate(w, true, test, 0, p.evalDepths()),
        p.newTask().evaluate(w, true, test, 1, p.evalDepths())});
    double[] clean = new double[64];
    double[] noisy = new double[64];
    for (int s = 0; s < 2; s++) {
      double sq = 0;
      for (long i = 0; i < 9; i++) {
        p.example(bank(2, 2), 8, i, p.evalDepths()[s] / 255.0, clean, noisy, 0);
        for (int q = 0; q < 64; q++) {
          double d = Math.min(1, Math.max(0, noisy[q])) - clean[q];
          sq += d * d;
        }
      }
      assertEquals(sq, sum[s][0], 1e-12 * sq);
      assertEquals(9 * 64, sum[s][1]);
    }
    double psnr15 = p.metrics(new LossGradientSum(w.length, 2).add(0, null, new double[] {1, 1}, 1), null, sum)
        .get("test_psnr_db_15");
    assertTrue(psnr15 > 20 && psnr15 < 30, "noisy input at sigma 15/255 is about 24.6 dB, got " + psnr15);
  }
}
