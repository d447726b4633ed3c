package io.bmo.core.algorithms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.quadratic.QuadraticInexact;
import io.bmo.core.train.ShardPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaidRunnerTest {
  /** Required of MAID: it reaches the closed-form θ* to this relative accuracy. */
  private static final double THETA_TOL = 1e-6;
  private static final ShardPlan PLAN = new ShardPlan(QuadraticFixture.INSTANCE.samples(), 4, 8);

  private static MaidRunner runner() {
    QuadraticInexact pr = new QuadraticInexact(QuadraticFixture.INSTANCE, new double[3], 200);
    return new MaidRunner(pr, PLAN, MaidConfig.defaults(1e-1, 0.5, 1.0));
  }

  @Test
  void reachesClosedFormAndBoundHoldsAtEveryAcceptedStep() {
    MaidRunner r = runner();
    int steps = 0;
    int events = 0;
    double worstRatio = 0;
    while (QuadraticFixture.relativeError(r.theta()) > THETA_TOL && steps < 5000) {
      MaidStep s = r.step();
      steps++;
      events += s.events().size();
      assertTrue(s.accepted(), "stalled at step " + s.step() + ": " + s.last());
      double err = QuadraticFixture.distance(s.gradient(), QuadraticFixture.exactMeanGradient(s.theta()));
      double bound = s.last().gradientBound();
      assertTrue(err <= bound, "step " + s.step() + ": error " + err + " > bound " + bound);
      worstRatio = Math.max(worstRatio, err / bound);
    }
    double rel = QuadraticFixture.relativeError(r.theta());
    System.out.printf("MAID quadratic: %d steps, %d attempts, cost %d (lower %d + cg %d), rel err %.3g, eps %.3g,"
        + " delta %.3g, max err/bound %.3g%n", steps, events, r.cumulative().total(), r.cumulative().lower(),
        r.cumulative().adjoint(), rel, r.lowerTolerance(), r.cgTolerance(), worstRatio);
    assertTrue(rel <= THETA_TOL, "relative error " + rel + " after " + steps + " steps");
  }
}
