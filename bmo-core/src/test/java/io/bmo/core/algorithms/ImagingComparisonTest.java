package io.bmo.core.algorithms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.ImagingConfig;
import io.bmo.core.imaging.ImagingInexact;
import io.bmo.core.imaging.TestImages;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.SmoothedTotalVariation;
import io.bmo.core.train.ShardPlan;
import org.junit.jupiter.api.Test;

/** ISGD vs MAID on a tiny TV-denoising problem: cost (lower + CG iterations) to reach a training PSNR. */
class ImagingComparisonTest {
  private static final ImageShape SHAPE = new ImageShape(8, 8);
  private static final int IMAGES = 8;
  private static final double[] CLEAN = TestImages.cartoon(SHAPE, IMAGES, 21);
  private static final double[] NOISY = TestImages.noisy(CLEAN, 0.1, 22);
  private static final ImagingConfig CONFIG = ImagingConfig.of(new ForwardModel.Identity(),
      new SmoothedTotalVariation.Model(Math.log(0.01), Math.log(0.05)));
  /**
   * Heuristic constants: μ = 1 (K = I, convex TV), L_ℓ = 1/P; B_max = 1 and L_H = L_B = 0 are rough estimates for
   * these θ, not certified (the bound only steers MAID's accuracies here).
   */
  private static final ErrorBound BOUND = new ErrorBound(1.0, 1.0 / SHAPE.pixels(), 0.0, 0.0, 1.0);
  private static final ShardPlan PLAN = new ShardPlan(IMAGES, 2, 2);
  /** Target gain over the noisy input's PSNR, in dB: reachable by a tuned TV at σ = 0.1 on these cartoons. */
  private static final double TARGET_GAIN_DB = 3.0;

  private static ImagingInexact problem() {
    return new ImagingInexact(CONFIG, SHAPE, CLEAN, NOISY, IMAGES, null, BOUND);
  }

  /** Training PSNR at θ with accurate lower solves. */
  private static double psnr(ImagingInexact p, double[] theta) {
    LossGradientSum s = p.newSum();
    p.newTask().add(theta, range(), 0, IMAGES, IMAGES, new Tolerances(1e-8, 0.5),
        ExampleState.empty(0, IMAGES, SHAPE.pixels(), SHAPE.pixels()), 0, false, s);
    return ImagingInexact.psnr(s);
  }

  private static long[] range() {
    long[] r = new long[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      r[i] = i;
    }
    return r;
  }

  @Test
  void isgdAndMaidReachTargetPsnrAndReportCost() {
    ImagingInexact p = problem();
    double noisy = 10 * Math.log10(1.0 / mse(CLEAN, NOISY));
    double start = psnr(p, p.initialTheta());
    double target = noisy + TARGET_GAIN_DB;

    IsgdRunner isgd = new IsgdRunner(p, PLAN, new IsgdConfig(new PowerSchedule(1e-2, 1.0), PowerSchedule.constant(1e-2),
        new StepRule.Adam(0.1, 0.9, 0.999, 1e-8, 0.0), 2, 5L));
    long isgdCost = -1;
    double isgdPsnr = start;
    for (int k = 0; k < 150 && isgdCost < 0; k++) {
      isgd.step();
      if (k % 5 == 4) {
        isgdPsnr = psnr(p, isgd.theta());
        if (isgdPsnr >= target) {
          isgdCost = isgd.cumulative().total();
        }
      }
    }
    MaidRunner maid = new MaidRunner(p, PLAN, MaidConfig.defaults(1e-2, 0.1, 1.0));
    long maidCost = -1;
    double maidPsnr = start;
    for (int k = 0; k < 60 && maidCost < 0; k++) {
      MaidStep s = maid.step();
      if (!s.accepted()) {
        break;
      }
      maidPsnr = psnr(p, maid.theta());
      if (maidPsnr >= target) {
        maidCost = maid.cumulative().total();
      }
    }
    System.out.printf("TV denoise 8x8x%d: noisy %.2f dB, start %.2f dB, target %.2f dB; ISGD %.2f dB cost %d (step %d);"
        + " MAID %.2f dB cost %d (step %d)%n", IMAGES, noisy, start, target, isgdPsnr, isgdCost, isgd.currentStep(),
        maidPsnr, maidCost, maid.currentStep());
    assertTrue(isgdCost > 0, "ISGD did not reach " + target + " dB");
    assertTrue(maidCost > 0, "MAID did not reach " + target + " dB");
  }

  @Test
  void checkpointResumeIsBitIdenticalOnImages() {
    IsgdConfig cfg = new IsgdConfig(new PowerSchedule(1e-3, 1.0), PowerSchedule.constant(1e-2),
        new StepRule.Sgd(PowerSchedule.constant(0.5)), 4, 9L);
    IsgdRunner a = new IsgdRunner(problem(), PLAN, cfg);
    a.run(6);
    IsgdRunner.Checkpoint c = a.checkpoint();
    IsgdRunner b = new IsgdRunner(problem(), PLAN, cfg);
    b.run(3);
    IsgdRunner resumed = new IsgdRunner(problem(), PLAN, cfg);
    resumed.restore(b.checkpoint());
    resumed.run(6);
    assertArrayEquals(c.theta(), resumed.theta());
    assertArrayEquals(c.states(), resumed.states());
  }

  private static double mse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s / a.length;
  }
}
