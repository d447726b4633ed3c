package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.operator.SparseModel;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
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
 *   <li>loss (1/|batch|)Σ½‖u_i^J − x_i‖², gradient by reverse mode through those J steps with u⁰ held constant
 *       (a truncated backpropagation through the whole history t·J);</li>
 *   <li>ω ← the {@link StepRule} update (then the constraint).</li>
 * </ol>
 * As μ_t → 0 ({@link MuSchedule}) the carried iterates follow the plain iteration u ← Proj((1−α)u + αT(u; ω_t)), so
 * when ω settles they converge to its fixed points: training (u) and learning (ω) converge together, at J inner
 * steps per outer step instead of K from zero. Inference afterwards is the μ = 0 iteration from 0 (any depth).
 *
 * <p>Known behaviour (measured in JointRunnerTest on ISTA sparse coding, m = 16, n = 32): (i) the gradient through
 * only J steps with u⁰ constant is a short-horizon, truncated estimate and drove the threshold θ toward 0, so the
 * test NMSE from u⁰ = 0 was worse than Algorithm 1's at equal forward steps; (ii) while μ_t &gt; 0 the iteration uses
 * the targets x, and the carried iterates keep that information (in directions the μ = 0 map does not correct,
 * e.g. the null space of A), so the carried training loss understates the test-time loss. Report test metrics from
 * u⁰ = 0, not the carried loss.
 *
 * <p>Phases for a distributed mirror as in {@link IsgdRunner}: {@link #plan}, {@link JointTask#shardSum} per shard,
 * {@link #finish}. Not thread-safe.
 */
public final class JointRunner {
  /** The driver-side plan of outer step t; {@code batch} null = full batch. */
  public record StepPlan(long step, long[] batch, BmoConfig inner) {}

  /** A deep copy of the run state. */
  public record Checkpoint(double[] omega, OptState optimizer, long step, Cost cumulative, ExampleState[] states) {}

  private final ExampleSource train;
  private final ShardPlan plan;
  private final JointConfig config;
  private final Optimizer optimizer;
  private final JointTask task;
  private double[] omega;
  private OptState optState = new OptState();
  private long step;
  private Cost cumulative = Cost.ZERO;
  private ExampleState[] states;

  /**
   * @param dictionary A, m×n column-major
   * @param omega0 starting ω (copied), e.g. {@code SparseCodingMap.initialOmega}
   * @param constraint applied after each update (e.g. θ ≥ 0)
   */
  public JointRunner(SparseModel model, double[] dictionary, int m, int n, ExampleSource train, ShardPlan plan,
      JointConfig config, double[] omega0, ParamConstraint constraint) {
    if (plan.examples() != train.size()) {
      throw new IllegalArgumentException("plan covers " + plan.examples() + " examples, source has " + train.size());
    }
    if (train.signalDim() != m || train.codeDim() != n) {
      throw new IllegalArgumentException("source has dims " + train.signalDim() + "/" + train.codeDim()
          + ", dictionary " + m + "/" + n);
    }
    this.train = train;
    this.plan = plan;
    this.config = config;
    this.task = new JointTask(model, dictionary, m, n);
    if (omega0.length != task.map().layout().size()) {
      throw new IllegalArgumentException("omega0 has " + omega0.length + " values, layout needs "
          + task.map().layout().size());
    }
    this.optimizer = config.step().optimizer(constraint);
    this.omega = omega0.clone();
    optimizer.projectInitial(omega);
    this.states = new ExampleState[plan.shards()];
    for (int s = 0; s < states.length; s++) {
      states[s] = ExampleState.forShard(plan, s, n, 0);
    }
  }

  public StepPlan plan(long t) {
    long[] batch = config.batchSize() > 0 ? plan.minibatch(config.seed(), t, config.batchSize()) : null;
    return new StepPlan(t, batch, config.innerAt(t));
  }

  /** Folds shard sums in shard order and updates ω. */
  public JointStep finish(StepPlan sp, LossGradientSum[] shardSums) {
    if (sp.step() != step) {
      throw new IllegalStateException("plan is for step " + sp.step() + " but the run is at step " + step);
    }
    LossGradientSum total = Trainer.fold(shardSums);
    double[] g = total.gradient();
    double[] st = total.statsBuffer();
    Cost c = new Cost((long) st[JointTask.STAT_FORWARD_STEPS], (long) st[JointTask.STAT_REVERSE_STEPS]);
    cumulative = cumulative.plus(c);
    JointStep rec = new JointStep(step, sp.inner().mu(), total.loss(), ShardSums.norm(g), total.count(), c,
        cumulative);
    optimizer.step(omega, g, optState);
    step++;
    return rec;
  }

  public JointStep step() {
    StepPlan sp = plan(step);
    LossGradientSum[] sums = new LossGradientSum[plan.shards()];
    for (int s = 0; s < sums.length; s++) {
      sums[s] = task.shardSum(omega, train, plan, s, sp.batch(), sp.inner(), states[s], step);
    }
    return finish(sp, sums);
  }

  public List<JointStep> run(long until) {
    List<JointStep> out = new ArrayList<>();
    while (step < until) {
      out.add(step());
    }
    return out;
  }

  public Checkpoint checkpoint() {
    return new Checkpoint(omega.clone(), optState.copy(), step, cumulative, ShardSums.copy(states));
  }

  public void restore(Checkpoint c) {
    if (c.states().length != plan.shards() || c.omega().length != omega.length) {
      throw new IllegalArgumentException("checkpoint does not match this run's plan or ω dimension");
    }
    omega = c.omega().clone();
    optState = c.optimizer().copy();
    step = c.step();
    cumulative = c.cumulative();
    states = ShardSums.copy(c.states());
  }

  public double[] omega() {
    return omega.clone();
  }

  public ExampleState[] states() {
    return states;
  }

  public long currentStep() {
    return step;
  }

  public Cost cumulative() {
    return cumulative;
  }

  public JointTask task() {
    return task;
  }
}
