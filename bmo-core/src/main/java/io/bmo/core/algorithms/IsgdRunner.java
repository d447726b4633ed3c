package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-JVM ISGD driver ({@link IsgdConfig}); deterministic. A step is three phases that a distributed driver
 * mirrors: {@link #plan} (driver: minibatch and accuracies from (seed, k)), {@link ShardSums#compute} per shard
 * (executor: owns that shard's {@link ExampleState}), {@link #finish} (driver: order-independent reduction, update θ). The
 * middle phase goes through a {@link StateBackend} (this JVM by default, or a cluster).
 *
 * <p>Run state = (θ, optimizer state, k, cumulative cost, shard states); {@link #checkpoint} copies it and
 * {@link #restore} continues the same sequence bit for bit. Not thread-safe.
 */
public final class IsgdRunner implements OuterRunner {
  /**
   * The driver-side plan of step k.
   *
   * @param batch sorted global example indices
   */
  public record StepPlan(long step, long[] batch, Tolerances tolerances) {}

  /** A deep copy of the run state (arrays only, plus the optimizer's named arrays). */
  public record Checkpoint(double[] theta, OptState optimizer, long step, Cost cumulative, ExampleState[] states) {}

  private final InexactProblem problem;
  private final ShardPlan plan;
  private final IsgdConfig config;
  private final Optimizer optimizer;
  private final StateBackend backend;
  private double[] theta;
  private OptState optState = new OptState();
  private long step;
  private Cost cumulative = Cost.ZERO;

  /** @param plan shards over the problem's N examples; states live in a {@link LocalStateBackend} */
  public IsgdRunner(InexactProblem problem, ShardPlan plan, IsgdConfig config) {
    this(problem, config, new LocalStateBackend(new InexactWork(problem), plan));
  }

  /**
   * @param backend runs {@link InexactWork} of {@code problem} over its plan's shards and holds their states (owned
   *     by the caller: not closed here)
   */
  public IsgdRunner(InexactProblem problem, IsgdConfig config, StateBackend backend) {
    ShardPlan plan = StateBackend.planCovering(backend, problem.examples(), "problem");
    this.problem = problem;
    this.plan = plan;
    this.config = config;
    this.optimizer = config.step().optimizer(problem::project);
    this.backend = backend;
    this.theta = problem.initialTheta();
    optimizer.projectInitial(theta);
  }

  /** Step k's minibatch and tolerances (a pure function of the config and k). */
  public StepPlan plan(long k) {
    return new StepPlan(k, plan.minibatch(config.seed(), k, config.batchSize()),
        new Tolerances(config.lowerTolerance().at(k), config.cgTolerance().at(k)));
  }

  /** Reduces per-shard sums (index = shard; order-independent), updates θ and the optimizer state, and records the step. */
  public IsgdStep finish(StepPlan sp, LossGradientSum[] shardSums) {
    return finish(sp, Trainer.fold(shardSums));
  }

  /** Updates from the reduced total of the step's shard sums (what {@link StateBackend#updateTotal} returns). */
  public IsgdStep finish(StepPlan sp, LossGradientSum total) {
    if (sp.step() != step) {
      throw new IllegalStateException("plan is for step " + sp.step() + " but the run is at step " + step);
    }
    double[] z = total.gradient();
    Cost c = ShardSums.cost(total);
    cumulative = cumulative.plus(c);
    IsgdStep rec = new IsgdStep(step, total.loss(), ShardSums.norm(z), sp.tolerances().lower(),
        sp.tolerances().cg(), total.count(), (long) total.statsBuffer()[InexactProblem.STAT_NOT_CONVERGED], c,
        cumulative);
    optimizer.step(theta, z, optState);
    step++;
    return rec;
  }

  /** One step: {@link #plan}, one {@link StateBackend#update} pass over every shard, {@link #finish}. */
  public IsgdStep step() {
    StepPlan sp = plan(step);
    return finish(sp, backend.updateTotal(theta, new WorkArgs(step, sp.batch(), sp.tolerances(), null, true)));
  }

  /** Steps until {@link #step()} count reaches {@code until}; returns their records. */
  public List<IsgdStep> run(long until) {
    List<IsgdStep> out = new ArrayList<>();
    while (step < until) {
      out.add(step());
    }
    return out;
  }

  /** The run state including a snapshot of the backend's shard states. */
  public Checkpoint checkpoint() {
    return new Checkpoint(theta.clone(), optState.copy(), step, cumulative, backend.snapshot());
  }

  /**
   * Continues from a checkpoint (copied). With {@code states = null} only the driver state is restored (the caller
   * restores the backend's shard states itself, e.g. from files on the executors).
   */
  public void restore(Checkpoint c) {
    if ((c.states() != null && c.states().length != plan.shards()) || c.theta().length != problem.dimension()) {
      throw new IllegalArgumentException("checkpoint does not match this run's plan or θ dimension");
    }
    if (c.states() != null) {
      backend.restore(c.states());
    }
    theta = c.theta().clone();
    optState = c.optimizer().copy();
    step = c.step();
    cumulative = c.cumulative();
  }

  /** θ_k (copy). */
  @Override
  public double[] theta() {
    return theta.clone();
  }

  /** Live θ for executors within this JVM (do not modify). */
  public double[] thetaView() {
    return theta;
  }

  /** Shard states (index = shard): the live ones of a {@link LocalStateBackend}, else a snapshot. */
  public ExampleState[] states() {
    return backend instanceof LocalStateBackend l ? l.states() : backend.snapshot();
  }

  /** The optimizer state (live; for checkpoints). */
  public OptState optimizerState() {
    return optState;
  }

  public StateBackend backend() {
    return backend;
  }

  @Override
  public long currentStep() {
    return step;
  }

  @Override
  public Cost cumulative() {
    return cumulative;
  }

  public InexactProblem problem() {
    return problem;
  }

  public ShardPlan shardPlan() {
    return plan;
  }
}
