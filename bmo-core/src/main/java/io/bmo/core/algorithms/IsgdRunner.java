package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.optim.OptState;
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
public final class IsgdRunner extends OptimizerRunner {
  /**
   * The driver-side plan of step k.
   *
   * @param batch sorted global example indices
   */
  public record StepPlan(long step, long[] batch, Tolerances tolerances) {}

  /** A deep copy of the run state (arrays only, plus the optimizer's named arrays). */
  public record Checkpoint(double[] theta, OptState optimizer, long step, Cost cumulative, ExampleState[] states) {}

  private final InexactProblem problem;
  private final IsgdConfig config;

  /** @param plan shards over the problem's N examples; states live in a {@link LocalStateBackend} */
  public IsgdRunner(InexactProblem problem, ShardPlan plan, IsgdConfig config) {
    this(problem, config, new LocalStateBackend(new InexactWork(problem), plan));
  }

  /**
   * @param backend runs {@link InexactWork} of {@code problem} over its plan's shards and holds their states (owned
   *     by the caller: not closed here)
   */
  public IsgdRunner(InexactProblem problem, IsgdConfig config, StateBackend backend) {
    super(StateBackend.planCovering(backend, problem.examples(), "problem"), config.step().optimizer(problem::project),
        backend, problem.initialTheta());
    this.problem = problem;
    this.config = config;
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
    checkPlanned(sp.step());
    double[] z = total.gradient();
    Cost c = ShardSums.cost(total);
    IsgdStep rec = new IsgdStep(step, total.loss(), ShardSums.norm(z), sp.tolerances().lower(),
        sp.tolerances().cg(), total.count(), (long) InexactStats.of(total).notConverged(), c,
        addCost(c));
    advance(z);
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
    restoreDriver(c.theta(), c.optimizer(), c.step(), c.cumulative(), c.states(), "θ");
  }

  public InexactProblem problem() {
    return problem;
  }
}
