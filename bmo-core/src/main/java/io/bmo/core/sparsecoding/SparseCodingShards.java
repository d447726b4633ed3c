package io.bmo.core.sparsecoding;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.DepthEvaluation;
import io.bmo.core.solver.UnrolledStats;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardWorker;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sparse-coding BMO as a {@link ShardedProblem}: training and test {@link ExampleSource}s, tasks that run
 * {@link ShardWorker}s, and the per-step metrics train/test NMSE (μ = 0, at K layers), mean fixed-point residual
 * ‖u^K − T(u^K)‖/‖u^K‖ on the test set, and adjoint iterations per block (implicit method).
 */
public final class SparseCodingShards implements ShardedProblem {
  private static final long serialVersionUID = 1L;
  private final SparseCodingProblem problem;
  private final ExampleSource train;
  private final ExampleSource test;

  /** @param test may be null */
  public SparseCodingShards(SparseCodingProblem problem, ExampleSource train, ExampleSource test) {
    this.problem = problem;
    this.train = train;
    this.test = test;
  }

  public SparseCodingProblem problem() {
    return problem;
  }

  public ExampleSource train() {
    return train;
  }

  public ExampleSource test() {
    return test;
  }

  @Override
  public ParamLayout layout() {
    return problem.map().layout();
  }

  @Override
  public long trainSize() {
    return train.size();
  }

  @Override
  public long testSize() {
    return test == null ? 0 : test.size();
  }

  @Override
  public ShardTask newTask() {
    ShardWorker w = new ShardWorker(problem.objective(), problem.m(), problem.n());
    return new ShardTask() {
      @Override
      public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
        return w.train(omega, train, plan, shard, batch, withGradient);
      }

      @Override
      public double[][] evaluate(double[] omega, boolean onTest, ShardPlan plan, int shard, int[] depths) {
        return w.evaluate(omega, onTest ? test : train, plan, shard, depths);
      }
    };
  }

  @Override
  public int[] evalDepths() {
    return new int[] {problem.inner().layers()};
  }

  @Override
  public boolean needsTrainEvaluation() {
    return problem.inner().mu() != 0.0;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    UnrolledStats st = UnrolledStats.of(sum.stats());
    Map<String, Double> m = new LinkedHashMap<>();
    double trainNmse = Double.NaN;
    if (!needsTrainEvaluation()) {
      trainNmse = st.nmseDb();
    } else if (trainEval != null) {
      trainNmse = nmse(trainEval[0]);
    }
    m.put("train_nmse_db", trainNmse);
    m.put("test_nmse_db", testEval == null ? Double.NaN : nmse(testEval[0]));
    m.put("fixed_point_residual", testEval == null ? Double.NaN : residual(testEval[0]));
    double adjointPerBlock = st.adjointIterationsPerBlock();
    m.put("adjoint_iterations", adjointPerBlock);
    m.put("cost", sum.count() * (problem.inner().layers() + reverseSteps(adjointPerBlock)));
    return m;
  }

  /**
   * Reverse/adjoint steps per example of one hypergradient (the backward half of {@code cost} = Σ forward GKM
   * steps + reverse steps, the cost unit shared with joint mode): K for reverse mode, the truncation length for
   * truncated backpropagation, the adjoint iterations of its block for implicit differentiation.
   */
  private double reverseSteps(double adjointPerBlock) {
    if (problem.method() instanceof io.bmo.core.hypergrad.HypergradientMethod.Truncated t) {
      return Math.min(t.steps(), problem.inner().layers());
    }
    if (problem.method() instanceof io.bmo.core.hypergrad.HypergradientMethod.Implicit) {
      return adjointPerBlock;
    }
    return problem.inner().layers();
  }

  /** NMSE (dB) of one depth's evaluation sums. */
  public static double nmse(double[] e) {
    return DepthEvaluation.of(e).nmseDb();
  }

  /** Mean fixed-point residual of one depth's evaluation sums (NaN when every u was 0). */
  public static double residual(double[] e) {
    return DepthEvaluation.of(e).meanResidual();
  }
}
