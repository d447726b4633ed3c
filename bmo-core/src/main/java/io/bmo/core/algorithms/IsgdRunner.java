package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.Tolerances;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-JVM ISGD driver ({@link IsgdConfig}); deterministic. A step is three phases that a distributed driver
 * mirrors: {@link #plan} (driver: minibatch and accuracies from (seed, k)), {@link ShardSums#compute} per shard
 * (executor: owns that shard's {@link ExampleState}), {@link #finish} (driver: fold in shard order, update θ).
 *
 * <p>Run state = (θ, optimizer state, k, cumulative cost, shard states); {@link #checkpoint} copies it and
 * {@link #restore} continues the same sequence bit for bit. Not thread-safe.
 */
public final class IsgdRunner {
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
  private final InexactTask task;
  private double[] theta;
  private OptState optState = new OptState();
  private long step;
  private Cost cumulative = Cost.ZERO;
  private ExampleState[] states;

  /** @param plan shards over the problem's N examples */
  public IsgdRunner(InexactProblem problem, ShardPlan plan, IsgdConfig config) {
    if (plan.examples() != problem.examples()) {
      throw new IllegalArgumentException("plan covers " + plan.examples() + " examples, problem has "
          + problem.examples());
    }
    this.problem = problem;
    this.plan = plan;
    this.config = config;
    this.optimizer = config.step().optimizer(problem::project);
    this.task = problem.newTask();
    this.theta = problem.initialTheta();
    optimizer.projectInitial(theta);
    this.states = ShardSums.emptyStates(problem, plan);
  }

  /** Step k's minibatch and tolerances (a pure function of the config and k). */
  public StepPlan plan(long k) {
    return new StepPlan(k, plan.minibatch(config.seed(), k, config.batchSize()),
        new Tolerances(config.lowerTolerance().at(k), config.cgTolerance().at(k)));
  }

  /** Folds per-shard sums (index = shard) in shard order, updates θ and the optimizer state, and records the step. */
  public IsgdStep finish(StepPlan sp, LossGradientSum[] shardSums) {
    if (sp.step() != step) {
      throw new IllegalStateException("plan is for step " + sp.step() + " but the run is at step " + step);
    }
    LossGradientSum total = Trainer.fold(shardSums);
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

  /** One step with all shards computed here in shard order. */
  public IsgdStep step() {
    StepPlan sp = plan(step);
    LossGradientSum[] sums = new LossGradientSum[plan.shards()];
    for (int s = 0; s < sums.length; s++) {
      sums[s] = ShardSums.compute(problem, task, plan, s, sp.batch(), theta, sp.tolerances(), states[s], step, true);
    }
    return finish(sp, sums);
  }

  /** Steps until {@link #step()} count reaches {@code until}; returns their records. */
  public List<IsgdStep> run(long until) {
    List<IsgdStep> out = new ArrayList<>();
    while (step < until) {
      out.add(step());
    }
    return out;
  }

  public Checkpoint checkpoint() {
    return new Checkpoint(theta.clone(), optState.copy(), step, cumulative, ShardSums.copy(states));
  }

  /** Continues from a checkpoint (copied). */
  public void restore(Checkpoint c) {
    if (c.states().length != plan.shards() || c.theta().length != problem.dimension()) {
      throw new IllegalArgumentException("checkpoint does not match this run's plan or θ dimension");
    }
    theta = c.theta().clone();
    optState = c.optimizer().copy();
    step = c.step();
    cumulative = c.cumulative();
    states = ShardSums.copy(c.states());
  }

  /** θ_k (copy). */
  public double[] theta() {
    return theta.clone();
  }

  /** Live θ for executors within this JVM (do not modify). */
  public double[] thetaView() {
    return theta;
  }

  /** Live shard states (index = shard). */
  public ExampleState[] states() {
    return states;
  }

  public long currentStep() {
    return step;
  }

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
