package io.bmo.jobs.state;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.algorithms.LocalStateBackend;
import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.algorithms.WorkArgs;
import io.bmo.core.train.ShardPlan;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The single-JVM {@link StatefulExecutor} ({@code spark.executor = local}): a {@link LocalStateBackend} plus
 * checkpoint files written and read by the driver. Same semantics and bits as the Spark executor.
 */
public final class LocalStatefulExecutor implements StatefulExecutor {
  private final ShardWork work;
  private final LocalStateBackend backend;
  private final Configuration hadoop;

  /**
   * An executor over {@code plan}'s shards in this JVM.
   *
   * @param work the per-shard work of the algorithm
   * @param plan the training set's shards
   * @param hadoop the Hadoop configuration of the checkpoint directory
   */
  public LocalStatefulExecutor(ShardWork work, ShardPlan plan, Configuration hadoop) {
    this.work = work;
    this.backend = new LocalStateBackend(work, plan);
    this.hadoop = hadoop;
  }

  @Override
  public ShardPlan plan() {
    return backend.plan();
  }

  @Override
  public LossGradientSum[] update(double[] theta, WorkArgs args) {
    return backend.update(theta, args);
  }

  @Override
  public LossGradientSum[] trial(double[] theta, WorkArgs args) {
    return backend.trial(theta, args);
  }

  @Override
  public void acceptTrial() {
    backend.acceptTrial();
  }

  @Override
  public long stateBytes() {
    return backend.stateBytes();
  }

  @Override
  public ExampleState[] snapshot() {
    return backend.snapshot();
  }

  @Override
  public void restore(ExampleState[] states) {
    backend.restore(states);
  }

  @Override
  public void writeStates(String checkpointDir) throws IOException {
    ExampleState[] st = backend.states();
    for (int s = 0; s < st.length; s++) {
      StateFiles.write(checkpointDir + "/" + STATES, s, st[s], hadoop);
    }
  }

  @Override
  public void readStates(String checkpointDir) throws IOException {
    ShardPlan plan = backend.plan();
    ExampleState[] st = new ExampleState[plan.shards()];
    for (int s = 0; s < st.length; s++) {
      st[s] = StateFiles.read(checkpointDir + "/" + STATES, plan, s, work.primalWidth(), work.adjointWidth(), hadoop);
    }
    backend.restore(st);
  }

  @Override
  public String describe() {
    return "local (single JVM)";
  }
}
