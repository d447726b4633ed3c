package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.DepthEvaluation;
import io.bmo.core.solver.UnrolledObjective;

/**
 * Computes one shard's sums: the fold, in order, of its blocks (see {@link ShardPlan}). Holds one objective and
 * block buffers of the plan's block size, so memory is O(block), not O(data). Not thread-safe: one per thread/task.
 */
public final class ShardWorker {
  private final UnrolledObjective objective;
  private final int m;
  private final int n;
  private double[] b = new double[0];
  private double[] x = new double[0];
  private double[] boundOmega;

  /**
   * @param objective the unrolled objective this worker binds ω to and adds blocks into (owned by the worker)
   * @param m length of an example's input b (rows of a block)
   * @param n length of an example's target x (and of the fixed-point iterate)
   */
  public ShardWorker(UnrolledObjective objective, int m, int n) {
    this.objective = objective;
    this.m = m;
    this.n = n;
  }

  public UnrolledObjective objective() {
    return objective;
  }

  private void bind(double[] omega) {
    if (boundOmega == null || !java.util.Arrays.equals(boundOmega, omega)) {
      objective.bind(omega);
      boundOmega = omega.clone();
    }
  }

  private void ensure(int cols) {
    if (b.length < m * cols) {
      b = new double[m * cols];
      x = new double[n * cols];
    }
  }

  /**
   * Loss, hypergradient and statistics of shard {@code shard}: all its examples, or only those in the sorted
   * {@code batch} when given.
   */
  public LossGradientSum train(double[] omega, ExampleSource src, ShardPlan plan, int shard, long[] batch,
      boolean withGradient) {
    bind(omega);
    LossGradientSum sum = objective.newSum();
    int bs = plan.blockSize();
    ensure(bs);
    if (batch == null) {
      for (long i = plan.start(shard), end = plan.end(shard); i < end; i += bs) {
        int cols = (int) Math.min(bs, end - i);
        src.fill(i, cols, b, x);
        objective.add(new Block(b, x, cols), sum, withGradient);
      }
    } else {
      int[] range = plan.slice(batch, shard);
      for (int j = range[0]; j < range[1]; j += bs) {
        int cols = Math.min(bs, range[1] - j);
        src.gather(batch, j, cols, b, x);
        objective.add(new Block(b, x, cols), sum, withGradient);
      }
    }
    return sum;
  }

  /** μ = 0 evaluation sums of the whole shard at each depth: result[j] as in {@link UnrolledObjective#evaluate}. */
  public double[][] evaluate(double[] omega, ExampleSource src, ShardPlan plan, int shard, int[] depths) {
    bind(omega);
    double[][] out = new double[depths.length][DepthEvaluation.SIZE];
    int bs = plan.blockSize();
    ensure(bs);
    for (long i = plan.start(shard), end = plan.end(shard); i < end; i += bs) {
      int cols = (int) Math.min(bs, end - i);
      src.fill(i, cols, b, x);
      objective.evaluate(new Block(b, x, cols), depths, out);
    }
    return out;
  }
}
