package io.bmo.jobs.family;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A 1-D ridge problem as a {@link ShardedProblem}. Example i (from seed and i only): a ~ U(0.5, 1.5), code c ~ N(0, 1),
 * y = a c + σ n. Lower level: u*(λ) = argmin ½(a u − y)² + ½ λ u² with λ = e^ω, reached by K steps of the fixed-point
 * map T(u) = u − s((a² + λ) u − a y) from u₀ = 0. Upper loss ½(u_K − c)². The hypergradient is exact forward mode:
 * d u_{k+1}/dλ = (1 − s(a² + λ)) du_k/dλ − s u_k, and dL/dω = (u_K − c) du_K/dλ · λ.
 */
final class RidgeProblem implements ShardedProblem {
  private static final long serialVersionUID = 1L;
  private final long seed;
  private final long testSeed;
  private final long train;
  private final long test;
  private final double sigma;
  private final double step;
  private final int layers;

  RidgeProblem(long seed, long testSeed, long train, long test, double sigma, double step, int layers) {
    this.seed = seed;
    this.testSeed = testSeed;
    this.train = train;
    this.test = test;
    this.sigma = sigma;
    this.step = step;
    this.layers = layers;
  }

  /** Example i of the set with this seed: {a, y, c}. */
  static double[] example(long seed, long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    double a = 0.5 + r.nextDouble();
    double c = gaussian(r);
    return new double[] {a, a * c, c};
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Loss ½(u_K − c)² of one example; {@code grad[0]} (if non-null) gets dL/dω added. */
  double loss(double omega, long setSeed, long i, double[] grad) {
    double[] e = example(setSeed, i);
    double a = e[0];
    double y = e[1] + sigma * gaussian(new SplittableRandom(~setSeed * 31 + i));
    double lambda = Math.exp(omega);
    double u = 0;
    double du = 0;
    for (int k = 0; k < layers; k++) {
      double next = u - step * ((a * a + lambda) * u - a * y);
      du = (1 - step * (a * a + lambda)) * du - step * u;
      u = next;
    }
    double r = u - e[2];
    if (grad != null) {
      grad[0] += r * du * lambda;
    }
    return 0.5 * r * r;
  }

  /** Mean loss over the whole test set (the evaluate command's figure). */
  double testMse(double omega) {
    double s = 0;
    for (long i = 0; i < test; i++) {
      s += loss(omega, testSeed, i, null);
    }
    return s / Math.max(1, test);
  }

  @Override
  public ParamLayout layout() {
    return ParamLayout.builder().add("log_lambda", 1).build();
  }

  @Override
  public long trainSize() {
    return train;
  }

  @Override
  public long testSize() {
    return test;
  }

  @Override
  public ShardTask newTask() {
    return new ShardTask() {
      @Override
      public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
        LossGradientSum sum = new LossGradientSum(1, 0);
        double[] g = new double[1];
        ShardPlan.Selection sel = plan.select(shard, batch);
        for (int j = sel.from(); j < sel.to(); j++) {
          g[0] = 0;
          double l = loss(omega[0], seed, sel.indices()[j], withGradient ? g : null);
          sum.add(l, withGradient ? g : null, null, 1);
        }
        return sum;
      }

      @Override
      public double[][] evaluate(double[] omega, boolean isTest, ShardPlan plan, int shard, int[] settings) {
        double s = 0;
        for (long i = plan.start(shard); i < plan.end(shard); i++) {
          s += loss(omega[0], isTest ? testSeed : seed, i, null);
        }
        return new double[][] {{s, plan.end(shard) - plan.start(shard)}};
      }
    };
  }

  @Override
  public int[] evalDepths() {
    return new int[] {layers};
  }

  @Override
  public boolean needsTrainEvaluation() {
    return false;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test_mse", testEval == null ? Double.NaN : testEval[0][0] / testEval[0][1]);
    return m;
  }
}
