package io.bmo.core.algorithms;

import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;

/**
 * Joint mode's shard work: {@link JointTask#shardSum} with the pass's inner loop ({@link WorkArgs#inner()}: J steps
 * with μ_t), carrying each example's iterate in the shard's {@link ExampleState} (primal width n; adjoint width n
 * for {@link JointGradient#CARRIED_ADJOINT}, else 0).
 *
 * @param dictionary A, m×n column-major (not modified)
 * @param train the training examples (serializable; synthetic sources regenerate examples from (seed, index))
 * @param gradient how the carried iterate enters the ω-gradient
 */
public record JointWork(SparseModel model, double[] dictionary, int m, int n, ExampleSource train,
    JointGradient gradient) implements ShardWork {
  private static final long serialVersionUID = 1L;

  public JointWork {
    if (train.signalDim() != m || train.codeDim() != n) {
      throw new IllegalArgumentException("source has dims " + train.signalDim() + "/" + train.codeDim()
          + ", dictionary " + m + "/" + n);
    }
    if (gradient == null) {
      throw new IllegalArgumentException("joint gradient must be given");
    }
  }

  @Override
  public int primalWidth() {
    return n;
  }

  @Override
  public int adjointWidth() {
    return JointTask.adjointWidth(gradient, n);
  }

  /** A task on this work's model (for the ω layout and initial ω). */
  public JointTask newTask() {
    return new JointTask(model, dictionary, m, n, gradient);
  }

  @Override
  public Worker newWorker() {
    JointTask task = newTask();
    return (ShardPlan plan, int shard, double[] theta, WorkArgs a, ExampleState state) -> task.shardSum(theta, train,
        plan, shard, a.batch(), a.inner(), state, a.step());
  }
}
