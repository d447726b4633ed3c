package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * HODL-style joint mode for GKM fixed-point models (Liu et al., "Hierarchical Optimization-Derived Learning", 2023),
 * single JVM, deterministic. Exactly what outer step t does:
 * <ol>
 *   <li>examples: the sorted minibatch from (seed, t), or all N when {@code batchSize = 0};</li>
 *   <li>per example i: u ← the iterate carried from the last step that visited i (0 on the first visit);
 *       J steps of the BMO/GKM loop {@code u ← Proj((1−α)u + α(μ_t(u − β(u − x_i)) + (1−μ_t)T(u; ω_t)))}
 *       ({@link BmoConfig} with μ = μ_t); carry u_i ← u^J;</li>
 *   <li>loss (1/|batch|)Σ½‖u_i^J − x_i‖², gradient by reverse mode through those J steps; the carried u⁰ enters as
 *       the {@link JointGradient} says: a constant (TRUNCATED, a truncated backpropagation through the whole
 *       history t·J) or through a carried adjoint (CARRIED_ADJOINT, the implicit-function gradient at a joint fixed
 *       point);</li>
 *   <li>ω ← the {@link StepRule} update (then the constraint).</li>
 * </ol>
 * As μ_t → 0 ({@link MuSchedule}) the carried iterates follow the plain iteration u ← Proj((1−α)u + αT(u; ω_t)), so
 * when ω settles they converge to its fixed points: training (u) and learning (ω) converge together, at J inner
 * steps per outer step instead of K from zero. Inference afterwards is the μ = 0 iteration from 0 (any depth).
 *
 * <p>Known behaviour of TRUNCATED (measured in JointRunnerTest on ISTA sparse coding, m = 16, n = 32): (i) the
 * gradient through only J steps with u⁰ constant is a short-horizon, truncated estimate and drove the threshold θ toward 0, so the
 * test NMSE from u⁰ = 0 was worse than Algorithm 1's at equal forward steps; (ii) while μ_t &gt; 0 the iteration uses
 * the targets x, and the carried iterates keep that information (in directions the μ = 0 map does not correct,
 * e.g. the null space of A), so the carried training loss understates the test-time loss. Report test metrics from
 * u⁰ = 0, not the carried loss.
 *
 * <p>Phases for a distributed mirror as in {@link IsgdRunner}: {@link #plan}, {@link JointTask#shardSum} per shard,
 * {@link #finish}. Not thread-safe.
 */
public final class JointRunner extends OptimizerRunner {
  /** The driver-side plan of outer step t; {@code batch} null = full batch. */
  public record StepPlan(long step, long[] batch, BmoConfig inner) {}

  /** A deep copy of the run state. */
  public record Checkpoint(double[] omega, OptState optimizer, long step, Cost cumulative, ExampleState[] states) {}

  private final JointConfig config;
  private final JointTask task;

  /**
   * @param dictionary A, m×n column-major
   * @param omega0 starting ω (copied), e.g. {@code SparseCodingMap.initialOmega}
   * @param constraint applied after each update (e.g. θ ≥ 0)
   */
  public JointRunner(SparseModel model, double[] dictionary, int m, int n, ExampleSource train, ShardPlan plan,
      JointConfig config, double[] omega0, ParamConstraint constraint) {
    this(model, dictionary, m, n, train, plan, config, omega0, constraint, JointGradient.TRUNCATED);
  }

  /** As above with the given treatment of the carried iterate in the ω-gradient. */
  public JointRunner(SparseModel model, double[] dictionary, int m, int n, ExampleSource train, ShardPlan plan,
      JointConfig config, double[] omega0, ParamConstraint constraint, JointGradient gradient) {
    this(new JointWork(model, dictionary, m, n, train, gradient), plan, config, omega0, constraint);
  }

  /** States in a {@link LocalStateBackend} over {@code plan} (its coverage is checked by the main constructor). */
  private JointRunner(JointWork work, ShardPlan plan, JointConfig config, double[] omega0,
      ParamConstraint constraint) {
    this(work, config, omega0, constraint, new LocalStateBackend(work, plan));
  }

  /**
   * @param backend runs {@code work} and holds the carried iterates (owned by the caller: not closed here)
   * @param omega0 starting ω (copied)
   * @param constraint applied after each update (e.g. θ ≥ 0)
   */
  public JointRunner(JointWork work, JointConfig config, double[] omega0, ParamConstraint constraint,
      StateBackend backend) {
    super(StateBackend.planCovering(backend, work.train().size(), "source"), config.step().optimizer(constraint),
        backend, omega0.clone());
    this.config = config;
    this.task = work.newTask();
    if (omega0.length != task.map().layout().size()) {
      throw new IllegalArgumentException("omega0 has " + omega0.length + " values, layout needs "
          + task.map().layout().size());
    }
  }

  public StepPlan plan(long t) {
    long[] batch = config.batchSize() > 0 ? plan.minibatch(config.seed(), t, config.batchSize()) : null;
    return new StepPlan(t, batch, config.innerAt(t));
  }

  /** Reduces the shard sums ({@link Trainer#fold}, order-independent) and updates ω. */
  public JointStep finish(StepPlan sp, LossGradientSum[] shardSums) {
    return finish(sp, Trainer.fold(shardSums));
  }

  /** Updates from the reduced total of the step's shard sums (what {@link StateBackend#updateTotal} returns). */
  public JointStep finish(StepPlan sp, LossGradientSum total) {
    checkPlanned(sp.step());
    double[] g = total.gradient();
    JointStats st = JointStats.of(total);
    Cost c = st.cost();
    Cost cum = addCost(c);
    double change = st.relativeChange();
    JointStep rec = new JointStep(step, sp.inner().mu(), total.loss(), ShardSums.norm(g), total.count(), c, cum,
        change);
    advance(g);
    return rec;
  }

  /** One outer step: {@link #plan}, one {@link StateBackend#update} pass, {@link #finish}. */
  public JointStep step() {
    StepPlan sp = plan(step);
    return finish(sp, backend.updateTotal(theta, new WorkArgs(step, sp.batch(), null, sp.inner(), true)));
  }

  public List<JointStep> run(long until) {
    List<JointStep> out = new ArrayList<>();
    while (step < until) {
      out.add(step());
    }
    return out;
  }

  /** The run state including a snapshot of the backend's carried iterates. */
  public Checkpoint checkpoint() {
    return new Checkpoint(theta.clone(), optState.copy(), step, cumulative, backend.snapshot());
  }

  /** Continues from a checkpoint; {@code states = null} restores only the driver state (see IsgdRunner#restore). */
  public void restore(Checkpoint c) {
    restoreDriver(c.omega(), c.optimizer(), c.step(), c.cumulative(), c.states(), "ω");
  }

  /** ω, the joint mode's upper-level variable (copy; {@link #theta()} gives the same). */
  public double[] omega() {
    return theta();
  }

  public JointTask task() {
    return task;
  }
}
