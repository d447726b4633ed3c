package io.bmo.core.quadratic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import org.junit.jupiter.api.Test;

/** The quadratic anchor as a sharded problem: the folded hypergradient is the closed-form gradient. */
class QuadraticShardsTest {
  /** CG to 1e-12 on systems of condition ~10²: the hypergradient agrees with the closed form to ~1e-10. */
  static final double GRADIENT_TOLERANCE = 1e-9;

  static final QuadraticInstance INSTANCE = QuadraticInstance.generate(3, 6, 3, 5, 9, 11);

  @Test
  void foldedHypergradientIsTheClosedFormMeanGradient() throws Exception {
    QuadraticShards p = new QuadraticShards(INSTANCE, new Tolerances(1e-12, 1e-12), 500);
    double[] theta = {0.3, -0.7, 1.1};
    ShardPlan plan = new ShardPlan(INSTANCE.samples(), 3, 2);
    try (LocalExecutor ex = new LocalExecutor(p, plan, null, 2)) {
      LossGradientSum full = Trainer.fold(ex.train(theta, null, true));
      double[] exact = QuadraticBilevelProblem.exactGradient(new QuadraticBilevelProblem(INSTANCE).closedForm(),
          theta);
      double[] g = full.gradient();
      for (int i = 0; i < g.length; i++) {
        assertEquals(exact[i] / INSTANCE.samples(), g[i], GRADIENT_TOLERANCE * Math.abs(exact[i]), "component " + i);
      }
      long[] batch = plan.minibatch(5, 0, 4);
      LossGradientSum mb = Trainer.fold(ex.train(theta, batch, true));
      assertEquals(4, mb.count());
      double[][] ev = Trainer.fold(ex.evaluate(p.thetaStar(), false, p.evalDepths()));
      assertEquals(0.0, p.metrics(full, ev, null).get("theta_error"));
      assertEquals(0.0, p.thetaError(p.thetaStar()));
    }
  }

  @Test
  void threadCountDoesNotChangeTheSums() throws Exception {
    QuadraticShards p = new QuadraticShards(INSTANCE, new Tolerances(1e-10, 1e-10), 500);
    ShardPlan plan = new ShardPlan(INSTANCE.samples(), 4, 2);
    double[] theta = {0.1, 0.2, 0.3};
    try (LocalExecutor one = new LocalExecutor(p, plan, null, 1);
        LocalExecutor three = new LocalExecutor(p, plan, null, 3)) {
      LossGradientSum a = Trainer.fold(one.train(theta, null, true));
      LossGradientSum b = Trainer.fold(three.train(theta, null, true));
      assertArrayEquals(a.gradientSum(), b.gradientSum());
      assertEquals(a.lossSum(), b.lossSum());
    }
  }
}
