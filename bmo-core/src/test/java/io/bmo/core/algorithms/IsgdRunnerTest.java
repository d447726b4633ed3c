package io.bmo.core.algorithms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.quadratic.QuadraticInexact;
import io.bmo.core.quadratic.SpectralBounds;
import io.bmo.core.train.ShardPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsgdRunnerTest {
  private static final ShardPlan PLAN = new ShardPlan(QuadraticFixture.INSTANCE.samples(), 4, 3);
  private static final int BATCH = 4;
  /** Steps of the convergence run: enough that the transient Π(1 − α_k λ_min) is far below the noise level. */
  private static final int STEPS = 4000;
  /**
   * Final error allowed, in units of the steady-state noise level (see {@link #noiseLevel}): 3 standard deviations
   * of a Gaussian-like stationary distribution; the run is seeded, so it passes or fails deterministically.
   */
  private static final double NOISE_MULTIPLE = 3.0;

  private static double hessianMin;
  private static double hessianMax;

  static {
    int p = QuadraticFixture.INSTANCE.p();
    double[] h = QuadraticFixture.CLOSED.hessian().clone();
    for (int i = 0; i < h.length; i++) {
      h[i] /= QuadraticFixture.INSTANCE.samples();
    }
    hessianMin = SpectralBounds.smallestLower(h, p);
    hessianMax = SpectralBounds.largestUpper(h, p);
  }

  /** α₀ = 1/λ_max(∇²f), q = 0.6 (Robbins–Monro needs q ∈ (½, 1]); ε_k = 1e-2/(k+1), δ_k = 0.1/√(k+1). */
  private static IsgdConfig config() {
    return new IsgdConfig(new PowerSchedule(1e-2, 1.0), new PowerSchedule(0.1, 0.5),
        new StepRule.Sgd(new PowerSchedule(1.0 / hessianMax, 0.6)), BATCH, 11L);
  }

  private static IsgdRunner runner(ShardPlan plan) {
    return new IsgdRunner(new QuadraticInexact(QuadraticFixture.INSTANCE, new double[3], 200), plan, config());
  }

  /**
   * Steady-state noise level of SGD with step α on f with Hessian H ⪰ λ_min·I and minibatch-gradient covariance Σ_b
   * at θ*: the stationary covariance P of e⁺ = (I − αH)e − αξ solves HP + PH − αHPH = αΣ_b, so
   * E‖e‖² = tr P ≈ α·tr(Σ_b)/(2λ_min) for αλ_max ≤ 1. Sampling b of N without replacement:
   * Σ_b = (N − b)/(b(N − 1))·(1/N)Σ_i g_i g_iᵀ with g_i = ∇f_i(θ*) (mean zero). Inexactness adds a bias that
   * vanishes with ε_k, δ_k → 0. Returns √(α·tr Σ_b/(2λ_min)).
   */
  private static double noiseLevel(double alpha) {
    double[][] g = QuadraticFixture.sampleGradients(QuadraticFixture.thetaStar());
    int n = g.length;
    double tr = 0;
    for (double[] gi : g) {
      tr += QuadraticFixture.norm(gi) * QuadraticFixture.norm(gi);
    }
    tr = tr / n * (n - BATCH) / ((double) BATCH * (n - 1));
    return Math.sqrt(alpha * tr / (2 * hessianMin));
  }

  @Test
  void approachesClosedFormWithinNoiseLevel() {
    IsgdRunner r = runner(PLAN);
    double start = QuadraticFixture.distance(r.theta(), QuadraticFixture.thetaStar());
    List<IsgdStep> steps = r.run(STEPS);
    double err = QuadraticFixture.distance(r.theta(), QuadraticFixture.thetaStar());
    double alphaLast = config().step() instanceof StepRule.Sgd s ? s.rate().at(STEPS - 1) : Double.NaN;
    double noise = noiseLevel(alphaLast);
    IsgdStep last = steps.get(steps.size() - 1);
    System.out.printf("ISGD quadratic: %d steps, cost %d (lower %d + cg %d), |θ−θ*| %.3g from %.3g, noise level %.3g"
        + " (α_K %.3g, λ %.3g..%.3g), rel err %.3g%n", STEPS, last.cumulative().total(), last.cumulative().lower(),
        last.cumulative().adjoint(), err, start, noise, alphaLast, hessianMin, hessianMax,
        QuadraticFixture.relativeError(r.theta()));
    assertTrue(err <= NOISE_MULTIPLE * noise, "error " + err + " > " + NOISE_MULTIPLE + " × noise level " + noise);
    assertTrue(steps.stream().allMatch(s -> s.notConverged() == 0), "a solve hit its iteration cap");
    assertEquals(BATCH, last.examples());
  }

  @Test
  void checkpointAsPlainArraysResumesBitIdentically() {
    IsgdRunner straight = runner(PLAN);
    List<IsgdStep> all = straight.run(30);

    IsgdRunner first = runner(PLAN);
    List<IsgdStep> head = first.run(15);
    IsgdRunner.Checkpoint c = first.checkpoint();
    ExampleState[] rebuilt = new ExampleState[c.states().length];
    for (int s = 0; s < rebuilt.length; s++) {
      ExampleState e = c.states()[s];
      rebuilt[s] = ExampleState.restore(e.first(), e.count(), e.primalWidth(), e.adjointWidth(), e.primal().clone(),
          e.adjoint().clone(), e.lastSteps().clone());
    }
    IsgdRunner resumed = runner(PLAN);
    resumed.restore(new IsgdRunner.Checkpoint(c.theta(), c.optimizer(), c.step(), c.cumulative(), rebuilt));
    List<IsgdStep> tail = resumed.run(30);

    assertEquals(all.subList(0, 15), head);
    assertEquals(all.subList(15, 30), tail);
    assertArrayEquals(straight.theta(), resumed.theta());
    assertArrayEquals(straight.states(), resumed.states());
  }

  @Test
  void shardsHeldByDifferentPartitionsInAnyOrderGiveIdenticalResults() {
    IsgdRunner reference = runner(PLAN);
    reference.run(20);

    // Two "partitions" with their own tasks: A holds shards 3 and 1, B holds 2 and 0; they run in that order.
    IsgdRunner driver = runner(PLAN);
    InexactProblem problem = driver.problem();
    InexactTask taskA = problem.newTask();
    InexactTask taskB = problem.newTask();
    ExampleState[] held = ShardSums.emptyStates(problem, PLAN);
    int[] order = {3, 1, 2, 0};
    for (int k = 0; k < 20; k++) {
      IsgdRunner.StepPlan sp = driver.plan(k);
      LossGradientSum[] sums = new LossGradientSum[PLAN.shards()];
      for (int j = 0; j < order.length; j++) {
        int s = order[j];
        InexactTask t = j < 2 ? taskA : taskB;
        sums[s] = ShardSums.compute(problem, t, PLAN, s, sp.batch(), driver.thetaView(), sp.tolerances(), held[s], k,
            true);
      }
      driver.finish(sp, sums);
    }
    assertArrayEquals(reference.theta(), driver.theta());
    assertArrayEquals(reference.states(), held);
  }

  @Test
  void rejectsInvalidConfigAndMismatchedCheckpoint() {
    assertThrows(IllegalArgumentException.class, () -> new PowerSchedule(0.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new PowerSchedule(1.0, -0.5));
    assertThrows(IllegalArgumentException.class, () -> new IsgdConfig(PowerSchedule.constant(1e-3),
        PowerSchedule.constant(1.5), new StepRule.Sgd(PowerSchedule.constant(0.1)), 4, 1L));
    assertThrows(IllegalArgumentException.class, () -> new IsgdConfig(PowerSchedule.constant(1e-3),
        PowerSchedule.constant(0.1), new StepRule.Sgd(PowerSchedule.constant(0.1)), 0, 1L));
    IsgdRunner r = runner(PLAN);
    IsgdRunner other = runner(new ShardPlan(QuadraticFixture.INSTANCE.samples(), 2, 3));
    assertThrows(IllegalArgumentException.class, () -> r.restore(other.checkpoint()));
    assertThrows(IllegalArgumentException.class, () -> ExampleState.restore(0, 4, 6, 6, new double[23],
        new double[24], new long[4]));
  }
}
