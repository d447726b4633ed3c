package io.bmo.core.quadratic;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quadratic anchor problem ({@link QuadraticBilevelProblem}) as a {@link ShardedProblem}: ω = θ ∈ ℝ^p (block
 * {@code "theta"}), example i = sample i, upper loss {@code ½‖A₁x̂_i(θ) − b₁ᵢ‖²}, lower level and adjoint by CG to the
 * relative residuals of {@link Tolerances} (ε for the lower solve, δ for the adjoint).
 *
 * <p>θ* is computed once by the closed form on the driver (Cholesky, independent of the CG path); the training-set
 * "evaluation" pass returns {@code ‖ω − θ*‖²} and {@code ‖θ*‖²} from shard 0 only (zeros elsewhere), so the per-step
 * metric {@code theta_error} = ‖θ − θ*‖/‖θ*‖ comes out of the ordinary shard fold. Other metrics: mean lower and
 * adjoint CG iterations per example and {@code cost} (their sum over the step's examples).
 */
public final class QuadraticShards implements ShardedProblem {
  private static final long serialVersionUID = 1L;

  private final QuadraticInstance instance;
  private final Tolerances tolerances;
  private final int maxIterations;
  private final double[] thetaStar;
  private final ParamLayout layout;

  /**
   * @param tolerances relative residuals of the lower CG (ε) and the adjoint CG (δ)
   * @param maxIterations cap of each CG solve, at least 1
   */
  public QuadraticShards(QuadraticInstance instance, Tolerances tolerances, int maxIterations) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
    }
    this.instance = instance;
    this.tolerances = tolerances;
    this.maxIterations = maxIterations;
    this.thetaStar = new QuadraticBilevelProblem(instance).closedForm().thetaStar();
    this.layout = ParamLayout.builder().add("theta", instance.p()).build();
  }

  public QuadraticInstance instance() {
    return instance;
  }

  /** The closed-form minimiser θ*, a copy. */
  public double[] thetaStar() {
    return thetaStar.clone();
  }

  /** ‖θ − θ*‖ / ‖θ*‖. */
  public double thetaError(double[] theta) {
    double e = 0;
    double s = 0;
    for (int i = 0; i < thetaStar.length; i++) {
      double d = theta[i] - thetaStar[i];
      e += d * d;
      s += thetaStar[i] * thetaStar[i];
    }
    return Math.sqrt(e / s);
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public long trainSize() {
    return instance.samples();
  }

  @Override
  public long testSize() {
    return 0;
  }

  @Override
  public ShardTask newTask() {
    QuadraticBilevelProblem qp = new QuadraticBilevelProblem(instance);
    return new ShardTask() {
      @Override
      public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
        LossGradientSum sum = new LossGradientSum(instance.p(), QuadraticStats.SIZE);
        if (batch == null) {
          int bs = plan.blockSize();
          for (long i = plan.start(shard), end = plan.end(shard); i < end; i += bs) {
            qp.addBlock(omega, (int) i, (int) Math.min(i + bs, end), tolerances, maxIterations, sum);
          }
        } else {
          int[] range = plan.slice(batch, shard);
          for (int j = range[0]; j < range[1]; j++) {
            qp.addBlock(omega, (int) batch[j], (int) batch[j] + 1, tolerances, maxIterations, sum);
          }
        }
        return sum;
      }

      @Override
      public double[][] evaluate(double[] omega, boolean test, ShardPlan plan, int shard, int[] settings) {
        double[][] out = new double[settings.length][ThetaError.SIZE];
        if (shard == 0) {
          for (double[] o : out) {
            ThetaError.at(omega, thetaStar).addTo(o);
          }
        }
        return out;
      }
    };
  }

  @Override
  public int[] evalDepths() {
    return new int[] {0};
  }

  @Override
  public boolean needsTrainEvaluation() {
    return true;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    QuadraticStats st = QuadraticStats.of(sum);
    double n = Math.max(1, sum.count());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("theta_error", trainEval == null ? Double.NaN : ThetaError.of(trainEval[0]).relative());
    m.put("lower_iterations", st.lowerIterations() / n);
    m.put("cg_iterations", st.cgIterations() / n);
    m.put("cost", st.cost());
    return m;
  }
}
