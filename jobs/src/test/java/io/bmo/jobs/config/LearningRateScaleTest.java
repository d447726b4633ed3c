package io.bmo.jobs.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.param.ParamLayout;
import io.bmo.jobs.UserError;
import io.bmo.jobs.run.FamilySetup;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizer.lr-scale}: per-block learning rates. A block's update is the unscaled optimizer's update times its
 * factor, bit for bit, over several Adam steps (the moments see the unscaled gradients); other blocks are untouched;
 * bad names and values are rejected with one line naming the key.
 */
class LearningRateScaleTest {
  private static final ParamLayout LAYOUT = ParamLayout.builder().add("log_rho", 3).add("net.w", 2, 4).add("b", 5)
      .build();

  @Test
  void aBlocksUpdateIsTheUnscaledUpdateTimesItsFactor() {
    Map<String, Double> scale = Map.of("log_rho", 100.0, "net.w", 0.3);
    Optimizer plain = new TrainConfig.Opt("adam", 1e-3, 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99).build(null);
    Optimizer scaled = new TrainConfig.Opt("adam", 1e-3, 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99, scale, 0, 0.0)
        .build(null, LAYOUT);
    double[] f = new TrainConfig.Opt("adam", 1e-3, 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99, scale, 0, 0.0)
        .scaleFactors(LAYOUT);
    OptState sp = new OptState();
    OptState sq = new OptState();
    sameGradients(plain, sp, scaled, sq, 4, LAYOUT.size(), 5, (step, p, q) -> {
      for (int i = 0; i < p.length; i++) {
        assertEquals(Double.doubleToLongBits(p[i] * f[i]), Double.doubleToLongBits(q[i]),
            "step " + step + ", " + LAYOUT.coordinate(i));
      }
      assertArrayEquals(sp.array("adam.v", p.length), sq.array("adam.v", q.length), 0.0);
    });
    assertEquals(100.0, f[0]);
    assertEquals(0.3, f[3]);
    assertEquals(1.0, f[3 + 8]);
  }

  @Test
  void parsedFromTheConfigAndCheckedAgainstOmegasBlocks() {
    TrainConfig c = ImagingConfigTest.parse("problem=quadratic", "optimizer.lr-scale.theta=2.5");
    assertEquals(Map.of("theta", 2.5), c.optimizer().lrScale());
    assertEquals(Map.of(), ImagingConfigTest.parse("problem=quadratic").optimizer().lrScale());
    UserError e = assertThrows(UserError.class, () -> FamilySetup.create(
        ImagingConfigTest.parse("problem=quadratic", "optimizer.lr-scale.nope=2")));
    assertTrue(e.getMessage().startsWith("optimizer.lr-scale.nope: omega has no block 'nope'; its blocks are "),
        e.getMessage());
    for (String[] bad : new String[][] {{"optimizer.lr-scale.theta=-0.5"}, {"optimizer.lr-scale.theta=-1"},
        {"optimizer.lr-scale.theta=abc"}, {"optimizer.lr-scale.a.b=1"}}) {
      String[] sets = {"problem=quadratic", bad[0]};
      UserError u = assertThrows(UserError.class, () -> ImagingConfigTest.parse(sets), bad[0]);
      assertTrue(u.getMessage().startsWith("optimizer.lr-scale"), u.getMessage());
      assertTrue(!u.getMessage().contains("\n"), u.getMessage());
    }
    UserError joint = assertThrows(UserError.class, () -> ImagingConfigTest.parse("problem=quadratic",
        "algorithm.type=maid", "optimizer.lr-scale.theta=2"));
    assertTrue(joint.getMessage().startsWith("optimizer.lr-scale: must be {} with algorithm.type = maid"),
        joint.getMessage());
  }

  /** Compares two optimizers' updates. */
  interface UpdateCheck {
    void check(int step, double[] plainUpdate, double[] otherUpdate);
  }

  /**
   * Feeds the same seeded Gaussian gradients to both optimizers for {@code steps} steps, each from ω = 0 (Adam's and
   * SGD's updates do not depend on ω, so the arrays then hold exactly the updates), and checks each step's updates.
   */
  static void sameGradients(Optimizer plain, OptState plainState, Optimizer other, OptState otherState, int steps,
      int length, long seed, UpdateCheck check) {
    Random rnd = new Random(seed);
    for (int step = 0; step < steps; step++) {
      double[] g = new double[length];
      for (int i = 0; i < length; i++) {
        g[i] = rnd.nextGaussian();
      }
      double[] p = new double[length];
      double[] q = new double[length];
      plain.step(p, g, plainState);
      other.step(q, g, otherState);
      check.check(step, p, q);
    }
  }
}
