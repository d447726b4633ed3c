package io.bmo.core.algorithms;

import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;

/**
 * The run state and accessors shared by the stateful outer loops that update their upper variable with an
 * {@link Optimizer} ({@link IsgdRunner}: θ; {@link JointRunner}: ω): the shard plan, the {@link StateBackend} holding
 * the shard states, the variable, the optimizer state, the step counter and the cumulative cost. A step checks the
 * plan it finishes ({@link #checkPlanned}), adds its cost ({@link #addCost}) and applies its update
 * ({@link #advance}); {@link #restoreDriver} continues from a checkpoint. Not thread-safe.
 */
abstract class OptimizerRunner implements OuterRunner {
  final ShardPlan plan;
  final Optimizer optimizer;
  final StateBackend backend;
  double[] theta;
  OptState optState = new OptState();
  long step;
  Cost cumulative = Cost.ZERO;

  /** @param theta0 the starting variable (owned from now on), projected onto the optimizer's constraint */
  OptimizerRunner(ShardPlan plan, Optimizer optimizer, StateBackend backend, double[] theta0) {
    this.plan = plan;
    this.optimizer = optimizer;
    this.backend = backend;
    this.theta = theta0;
    optimizer.projectInitial(theta);
  }

  /** Throws unless {@code planned} is the current step. */
  final void checkPlanned(long planned) {
    if (planned != step) {
      throw new IllegalStateException("plan is for step " + planned + " but the run is at step " + step);
    }
  }

  /** Adds a step's cost to the cumulative cost and returns the new total. */
  final Cost addCost(Cost c) {
    cumulative = cumulative.plus(c);
    return cumulative;
  }

  /** Applies the optimizer's update for {@code gradient} and moves to the next step. */
  final void advance(double[] gradient) {
    optimizer.step(theta, gradient, optState);
    step++;
  }

  /**
   * Continues from a checkpoint's driver state (copied); {@code states = null} leaves the backend's shard states to
   * the caller (e.g. restored from files on the executors).
   *
   * @param what the variable's name in the error message
   */
  final void restoreDriver(double[] theta, OptState optimizer, long step, Cost cumulative, ExampleState[] states,
      String what) {
    if ((states != null && states.length != plan.shards()) || theta.length != this.theta.length) {
      throw new IllegalArgumentException("checkpoint does not match this run's plan or " + what + " dimension");
    }
    if (states != null) {
      backend.restore(states);
    }
    this.theta = theta.clone();
    this.optState = optimizer.copy();
    this.step = step;
    this.cumulative = cumulative;
  }

  /** The upper variable at the current step (copy). */
  @Override
  public double[] theta() {
    return theta.clone();
  }

  /** Live upper variable for executors within this JVM (do not modify). */
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

  public ShardPlan shardPlan() {
    return plan;
  }

  @Override
  public long currentStep() {
    return step;
  }

  @Override
  public Cost cumulative() {
    return cumulative;
  }
}
