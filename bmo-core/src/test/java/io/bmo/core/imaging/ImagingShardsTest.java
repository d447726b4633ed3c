package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.FieldOfExperts;
import io.bmo.core.imaging.regularizer.SmoothedTotalVariation;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Imaging as a sharded problem: layout mapping, executor independence, metrics. */
class ImagingShardsTest {
  static final ImageShape SHAPE = new ImageShape(8, 8);

  /** Blocky images plus Gaussian noise of σ = 0.1, example i from (seed, i) only. */
  record Blocks(long seed, long count) implements ImageSource {
    @Override
    public ImageShape shape() {
      return SHAPE;
    }

    @Override
    public long size() {
      return count;
    }

    @Override
    public void gather(long[] indices, int from, int n, double[] clean, double[] degraded) {
      int px = SHAPE.pixels();
      for (int b = 0; b < n; b++) {
        SplittableRandom r = new SplittableRandom(seed * 1000 + indices[from + b]);
        double level = r.nextDouble();
        for (int p = 0; p < px; p++) {
          clean[b * px + p] = (p % 8) < 4 ? level : 1 - level;
          degraded[b * px + p] = clean[b * px + p] + 0.1 * r.nextGaussian();
        }
      }
    }
  }

  static ImagingShards problem() {
    return new ImagingShards(ImagingConfig.of(new ForwardModel.Identity(), SmoothedTotalVariation.Model.DEFAULT),
        new Blocks(1, 7), new Blocks(2, 5), new Tolerances(1e-8, 1e-8), 1e-8, 3);
  }

  @Test
  void foeFiltersBecomeAMatrixBlock() {
    ParamLayout l = FieldOfExperts.Model.DEFAULT.layout();
    assertArrayEquals(new int[] {10, 49}, l.block("filters").shape());
    assertEquals(FieldOfExperts.Model.DEFAULT.layout().size(), l.size());
    assertEquals(FieldOfExperts.WEIGHTS, l.offset("weights"));
  }

  @Test
  void sumsDoNotDependOnThreadsAndMetricsAreNamed() throws Exception {
    ImagingShards p = problem();
    ShardPlan train = new ShardPlan(7, 3, 2);
    ShardPlan test = new ShardPlan(5, 2, 3);
    double[] theta = p.config().regularizer().initialTheta();
    try (LocalExecutor one = new LocalExecutor(p, train, test, 1);
        LocalExecutor two = new LocalExecutor(p, train, test, 2)) {
      LossGradientSum a = Trainer.fold(one.train(theta, null, true));
      LossGradientSum b = Trainer.fold(two.train(theta, null, true));
      assertArrayEquals(a.gradientSum(), b.gradientSum());
      assertEquals(7, a.count());
      double[][] ev = Trainer.fold(two.evaluate(theta, true, p.evalDepths()));
      assertEquals(5 * SHAPE.pixels(), ImagingEvaluation.of(ev[0]).pixels());
      Map<String, Double> m = p.metrics(a, null, ev);
      assertEquals(java.util.List.of("train_psnr", "test_psnr", "test_input_psnr", "lower_iterations",
          "cg_iterations", "not_converged", "cost"), java.util.List.copyOf(m.keySet()));
      assertTrue(m.get("test_psnr") > m.get("test_input_psnr"), m.toString());
      assertEquals(0.0, m.get("not_converged"));
      assertTrue(m.get("lower_iterations") > 0 && m.get("cg_iterations") > 0, m.toString());
      LossGradientSum mb = Trainer.fold(two.train(theta, train.minibatch(3, 0, 4), true));
      assertEquals(4, mb.count());
    }
  }
}
