package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-JVM MAID driver ({@link MaidConfig}): deterministic, full batch, adaptively inexact. Step k:
 * <ol>
 *   <li>With accuracies (ε, δ), solve every lower level (warm-started from the shard states) and adjoint: inexact
 *       value f̃(θ), hypergradient z, and the a-posteriori bounds e_z ≥ ‖z − ∇f(θ)‖ and e_f ≥ |f̃(θ) − f(θ)|
 *       (means over examples of {@link ErrorBound}'s per-example bounds, as filled by the problem).</li>
 *   <li>If e_z ≥ (1 − η)‖z‖: REJECT_BOUND, ε ← νε, δ ← νδ (not below the floors), back to 1 (warm starts kept).</li>
 *   <li>Backtracking from α: θ⁺ = Proj(θ − αz), lower levels at θ⁺ to ε (warm-started from the solutions at θ, on a
 *       copy of the states), accept when f̃(θ⁺) + e_f⁺ ≤ f̃(θ) − e_f − c‖θ⁺ − θ‖²/α, i.e. when a certified upper
 *       bound of f(θ⁺) lies below a certified lower bound of f(θ) by the Armijo amount; else α ← ρα, at most
 *       {@code maxBacktracks} trials.</li>
 *   <li>At the floors of ε and δ the trials also compute the hypergradient z⁺ at θ⁺, and a trial the value test
 *       cannot resolve is accepted (ACCEPT_SLOPE) when the certified trapezoidal decrease
 *       ½⟨z + z⁺, θ⁺ − θ⟩ + ½(e_z + e_z⁺)‖θ⁺ − θ‖ ≤ −c‖θ⁺ − θ‖²/α (exact for a quadratic f; see
 *       {@link #slopeDecrease}). Away from the floors nothing changes.</li>
 *   <li>On acceptance: θ ← θ⁺, the trial's lower solutions become the warm starts, next α = growth·α,
 *       ε ← min(ε₀, relax·ε), δ ← min(δ₀, relax·δ). Otherwise REJECT_LINE_SEARCH, tighten, back to 1.</li>
 * </ol>
 * A step that exhausts {@code maxRejections}, or would tighten below both floors, returns {@code accepted = false}
 * (a stall: the achievable accuracy no longer resolves a decrease). Every attempt is logged (slf4j, INFO) and
 * returned as a {@link MaidEvent}. Why the bound matters: when e_z &lt; (1 − η)‖z‖, ⟨∇f, z⟩ ≥ η‖z‖² so −z is a descent
 * direction of the exact f.
 *
 * <p>Stationarity: when {@link MaidConfig#gradientTolerance()} g &gt; 0 and a hypergradient has ‖z‖ ≤ g and
 * e_z ≤ g, the step ends with a CONVERGED event (θ unchanged, {@link MaidStep#converged()}): ‖∇f(θ)‖ ≤ 2g is
 * certified, which, unlike a value decrease, stays checkable in floating point at the optimum.
 *
 * <p>Shard passes go through a {@link StateBackend} (gradient evaluations are {@code update}s, trials are
 * {@code trial}s, an acceptance is {@code acceptTrial}). Memory: the line search keeps a second copy of the shard
 * states. Not thread-safe.
 */
public final class MaidRunner implements OuterRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MaidRunner.class);

  /** A deep copy of the run state. */
  public record Checkpoint(double[] theta, long step, double lowerTolerance, double cgTolerance, double stepSize,
      Cost cumulative, ExampleState[] states) {}

  private final InexactProblem problem;
  private final ShardPlan plan;
  private final MaidConfig config;
  private final StateBackend backend;
  private double[] theta;
  private long step;
  private double eps;
  private double delta;
  private double alpha;
  private Cost cumulative = Cost.ZERO;

  /** States in a {@link LocalStateBackend} over {@code plan}. */
  public MaidRunner(InexactProblem problem, ShardPlan plan, MaidConfig config) {
    this(problem, config, new LocalStateBackend(new InexactWork(problem), plan));
  }

  /**
   * @param backend runs {@link InexactWork} of {@code problem} and holds the shard states; the line search's trials
   *     are its {@link StateBackend#trial} passes (owned by the caller: not closed here)
   */
  public MaidRunner(InexactProblem problem, MaidConfig config, StateBackend backend) {
    ShardPlan plan = StateBackend.planCovering(backend, problem.examples(), "problem");
    this.problem = problem;
    this.plan = plan;
    this.config = config;
    this.backend = backend;
    this.theta = problem.initialTheta();
    problem.project(theta);
    this.eps = config.lowerTolerance();
    this.delta = config.cgTolerance();
    this.alpha = config.initialStep();
  }

  /**
   * Full-batch sums, reduced order-independently ({@link Trainer#fold}): against the current states, which it
   * updates ({@code trial = false}), or
   * on copies kept as the backend's pending trial; the hypergradient only {@code withGradient}.
   */
  private LossGradientSum evaluate(double[] at, Tolerances tol, boolean trial, boolean withGradient) {
    WorkArgs args = new WorkArgs(step, null, tol, null, withGradient);
    return trial ? backend.trialTotal(at, args) : backend.updateTotal(at, args);
  }

  /** Whether ε and δ are both at their floors (tightening cannot sharpen the value test any more). */
  private boolean atFloors() {
    return eps <= config.minLowerTolerance() && delta <= config.minCgTolerance();
  }

  /** Tightens ε and δ; false when both are already at their floors. */
  private boolean tighten() {
    double e = Math.max(config.minLowerTolerance(), eps * config.tighten());
    double d = Math.max(config.minCgTolerance(), delta * config.tighten());
    boolean moved = e < eps || d < delta;
    eps = e;
    delta = d;
    return moved;
  }

  /** One MAID step (see class doc). */
  public MaidStep step() {
    List<MaidEvent> events = new ArrayList<>();
    Cost stepCost = Cost.ZERO;
    double[] z = new double[problem.dimension()];
    for (int attempt = 0; attempt < config.maxRejections(); attempt++) {
      Tolerances tol = new Tolerances(eps, delta);
      LossGradientSum at = evaluate(theta, tol, false, true);
      Cost c = ShardSums.cost(at);
      z = at.gradient();
      double zn = ShardSums.norm(z);
      double f = at.loss();
      double ez = InexactStats.of(at).gradientBound() / at.count();
      double ef = InexactStats.of(at).valueBound() / at.count();
      double g = config.gradientTolerance();
      if (g > 0 && zn <= g && ez <= g) {
        events.add(log(new MaidEvent(MaidEvent.Kind.CONVERGED, eps, delta, ez, zn, f, ef, Double.NaN, Double.NaN,
            c)));
        stepCost = stepCost.plus(c);
        cumulative = cumulative.plus(stepCost);
        return new MaidStep(step, false, theta.clone(), z, List.copyOf(events), stepCost, cumulative);
      }
      if (!(ez < (1 - config.eta()) * zn)) {
        MaidEvent ev = new MaidEvent(MaidEvent.Kind.REJECT_BOUND, eps, delta, ez, zn, f, ef, Double.NaN, Double.NaN, c);
        events.add(log(ev));
        stepCost = stepCost.plus(c);
        if (!tighten()) {
          break;
        }
        continue;
      }
      double a = alpha;
      double fTrial = Double.NaN;
      boolean floors = atFloors();
      for (int j = 0; j < config.maxBacktracks(); j++, a *= config.backtrack()) {
        double[] next = theta.clone();
        for (int i = 0; i < next.length; i++) {
          next[i] -= a * z[i];
        }
        problem.project(next);
        double moved = 0;
        for (int i = 0; i < next.length; i++) {
          double d = next[i] - theta[i];
          moved += d * d;
        }
        LossGradientSum tr = evaluate(next, tol, true, floors);
        c = c.plus(ShardSums.cost(tr));
        fTrial = tr.loss();
        double efTrial = InexactStats.of(tr).valueBound() / tr.count();
        double required = config.armijo() * moved / a;
        MaidEvent.Kind kind = fTrial + efTrial <= f - ef - required ? MaidEvent.Kind.ACCEPT
            : floors && moved > 0 && slopeDecrease(z, ez, tr, theta, next) <= -required ? MaidEvent.Kind.ACCEPT_SLOPE
            : null;
        if (kind != null) {
          stepCost = stepCost.plus(c);
          cumulative = cumulative.plus(stepCost);
          MaidEvent ev = new MaidEvent(kind, eps, delta, ez, zn, f, ef, a, fTrial, c);
          events.add(log(ev));
          double[] before = theta;
          theta = next;
          backend.acceptTrial();
          alpha = a * config.stepGrowth();
          eps = Math.min(config.lowerTolerance(), eps * config.relax());
          delta = Math.min(config.cgTolerance(), delta * config.relax());
          return new MaidStep(step++, true, before, z, List.copyOf(events), stepCost, cumulative);
        }
      }
      MaidEvent ev = new MaidEvent(MaidEvent.Kind.REJECT_LINE_SEARCH, eps, delta, ez, zn, f, ef,
          a / config.backtrack(), fTrial, c);
      events.add(log(ev));
      stepCost = stepCost.plus(c);
      if (!tighten()) {
        break;
      }
    }
    cumulative = cumulative.plus(stepCost);
    LOG.warn("MAID step {} stalled after {} attempts (eps={}, delta={})", step, events.size(), eps, delta);
    return new MaidStep(step, false, theta.clone(), z, List.copyOf(events), stepCost, cumulative);
  }

  /**
   * Certified upper bound of f(θ⁺) − f(θ) from the hypergradients at both ends (trapezoidal rule):
   * ½⟨z + z⁺, θ⁺ − θ⟩ + ½(e_z + e_z⁺)‖θ⁺ − θ‖. Exact up to these bounds when f is quadratic on the segment (the
   * quadratic anchor); otherwise the rule's remainder, at most L₃‖θ⁺ − θ‖³/12 for an L₃-Lipschitz Hessian of f, is
   * not bounded and the test is a heuristic. Unlike f̃(θ⁺) + e_f⁺ ≤ f̃(θ) − e_f, whose bounds are first order in ε
   * while the decrease is second order in ‖z‖, it resolves decreases far below the rounding of f. +∞ when the
   * trial's gradient bound is not finite.
   */
  private static double slopeDecrease(double[] z, double ez, LossGradientSum trial, double[] from, double[] to) {
    double[] zt = trial.gradient();
    double ezt = InexactStats.of(trial).gradientBound() / trial.count();
    if (!Double.isFinite(ezt)) {
      return Double.POSITIVE_INFINITY;
    }
    double inner = 0;
    double moved = 0;
    for (int i = 0; i < z.length; i++) {
      double d = to[i] - from[i];
      inner += 0.5 * (z[i] + zt[i]) * d;
      moved += d * d;
    }
    return inner + 0.5 * (ez + ezt) * Math.sqrt(moved);
  }

  private MaidEvent log(MaidEvent e) {
    LOG.info("MAID step {} {}: eps={} delta={} bound={} |z|={} loss={} valueBound={} alpha={} trialLoss={} cost={}",
        step, e.kind(), e.lowerTolerance(), e.cgTolerance(), e.gradientBound(), e.gradientNorm(), e.loss(),
        e.valueBound(), e.step(), e.trialLoss(), e.cost().total());
    return e;
  }

  /**
   * Steps until the step count reaches {@code until} or a step stalls; returns the records (a stall is the last).
   */
  public List<MaidStep> run(long until) {
    List<MaidStep> out = new ArrayList<>();
    while (step < until) {
      MaidStep s = step();
      out.add(s);
      if (!s.accepted()) {
        break;
      }
    }
    return out;
  }

  /** The run state including a snapshot of the backend's shard states. */
  public Checkpoint checkpoint() {
    return new Checkpoint(theta.clone(), step, eps, delta, alpha, cumulative, backend.snapshot());
  }

  /** Continues from a checkpoint; {@code states = null} restores only the driver state (see IsgdRunner#restore). */
  public void restore(Checkpoint c) {
    if ((c.states() != null && c.states().length != plan.shards()) || c.theta().length != problem.dimension()) {
      throw new IllegalArgumentException("checkpoint does not match this run's plan or θ dimension");
    }
    if (c.states() != null) {
      backend.restore(c.states());
    }
    theta = c.theta().clone();
    step = c.step();
    eps = c.lowerTolerance();
    delta = c.cgTolerance();
    alpha = c.stepSize();
    cumulative = c.cumulative();
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }

  @Override
  public long currentStep() {
    return step;
  }

  @Override
  public Cost cumulative() {
    return cumulative;
  }

  public double lowerTolerance() {
    return eps;
  }

  public double cgTolerance() {
    return delta;
  }

  /** Step size α the next line search starts from. */
  public double stepSize() {
    return alpha;
  }

  /** Shard states: the live ones of a {@link LocalStateBackend}, else a snapshot. */
  public ExampleState[] states() {
    return backend instanceof LocalStateBackend l ? l.states() : backend.snapshot();
  }

  public StateBackend backend() {
    return backend;
  }
}
