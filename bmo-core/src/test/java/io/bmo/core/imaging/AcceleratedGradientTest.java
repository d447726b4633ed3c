package io.bmo.core.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AcceleratedGradientTest {
  /** Lower-level target ‖∇ₓE_b‖; tight enough to exercise acceleration, loose enough to stay fast. */
  private static final double EPS = 1e-8;
  private static final int IMAGES = 3;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.bmo.core.imaging.Fixtures#combinations")
  void reachesGradientToleranceForEveryExample(String name, ForwardModel k, RegularizerModel r) {
    double[][] d = Fixtures.data(k, IMAGES, 11);
    LowerLevelEnergy e = new LowerLevelEnergy(k.create(Fixtures.SHAPE, IMAGES), r.create(Fixtures.SHAPE, IMAGES),
        Fixtures.strongConvexity(k));
    e.setData(d[1], IMAGES);
    double[] theta = Fixtures.theta(r);
    AcceleratedGradient solver = new AcceleratedGradient(AcceleratedGradient.Config.DEFAULT, Fixtures.SHAPE, IMAGES);
    AcceleratedGradient.Lipschitz lip = solver.estimateLipschitz(e, theta);
    double[] x = d[1].clone();
    int[] its = new int[IMAGES];
    AcceleratedGradient.Result res = solver.minimize(e, theta, x, EPS, lip.lipschitz(), its);
    assertEquals(0, res.notConverged());
    assertTrue(res.maxGradientNorm() <= EPS);
    double[] g = new double[x.length];
    e.gradient(theta, x, g);
    int n = Fixtures.SHAPE.pixels();
    long sum = 0;
    for (int b = 0; b < IMAGES; b++) {
      double gg = 0;
      for (int p = b * n; p < (b + 1) * n; p++) {
        gg += g[p] * g[p];
      }
      assertTrue(Math.sqrt(gg) <= EPS, name + " example " + b + ": " + Math.sqrt(gg));
      assertTrue(its[b] >= 1 && its[b] <= res.blockIterations());
      sum += its[b];
    }
    assertEquals(sum, res.exampleIterations());

    // warm start at the solution: one gradient evaluation per example
    AcceleratedGradient.Result again = solver.minimize(e, theta, x, EPS, lip.lipschitz(), its);
    assertEquals(1, again.blockIterations());
  }
}
