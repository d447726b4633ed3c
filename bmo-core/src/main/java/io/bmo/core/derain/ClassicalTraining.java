package io.bmo.core.derain;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.denoiser.CropTraining;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import java.util.Map;

/**
 * The classical baseline as a run of the deraining family: ω = (α, τ, η, λ) of {@link ClassicalDerainer} (with the
 * configured stages and TV smoothing), chosen by {@link #tune} — an exhaustive grid, scored by the mean squared error
 * of B on the first training examples — rather than by gradients: the loss is reported, the gradient is exactly
 * zero, so a run of any number of steps keeps the tuned ω. Examples and metrics are the learned family's
 * ({@link RainExamples}, PSNR of the clamped B and of the rainy input, peak 1).
 */
public final class ClassicalTraining extends CropTraining {
  private static final long serialVersionUID = 1L;
  /** The grid of {@link #tune}: α (TV step), τ (data step), η (streak step), λ (streak threshold). */
  static final double[] ALPHAS = {0, 0.005, 0.01, 0.02, 0.04};
  static final double[] TAUS = {0.5, 2, 8};
  static final double[] ETAS = {0, 0.1, 0.25};
  static final double[] LAMBDAS = {0, 0.01, 0.03, 0.06};

  private final int stages;
  private final double tvEps;
  private final RainExamples train;
  private final RainExamples test;

  /** @param test may be null (no test set) */
  public ClassicalTraining(int stages, double tvEps, int crop, RainExamples train, RainExamples test) {
    super(crop, stages, train.images(), train.count(), test == null ? null : test.images(),
        test == null ? 0 : test.count());
    this.stages = stages;
    this.tvEps = tvEps;
    this.train = train;
    this.test = test;
  }

  /** The derainer of ω = (α, τ, η, λ). */
  public ClassicalDerainer derainer(double[] omega) {
    return new ClassicalDerainer(Math.max(0, omega[0]), omega[1], Math.max(0, omega[2]), Math.max(0, omega[3]),
        stages, tvEps);
  }

  /**
   * The grid point with the smallest squared error of B over training examples 0 … n − 1 (ties: the first in grid
   * order α, τ, η, λ), as ω = (α, τ, η, λ).
   */
  public double[] tune(int n) {
    double[] clean = new double[crop * crop];
    double[] rainy = new double[crop * crop];
    double[][] cleans = new double[n][];
    double[][] rainies = new double[n][];
    for (int i = 0; i < n; i++) {
      train.example(i, crop, clean, rainy);
      cleans[i] = clean.clone();
      rainies[i] = rainy.clone();
    }
    double[] best = null;
    double bestErr = Double.POSITIVE_INFINITY;
    double[] b = new double[crop * crop];
    double[] r = new double[crop * crop];
    for (double alpha : ALPHAS) {
      for (double tau : TAUS) {
        for (double eta : ETAS) {
          for (double lambda : LAMBDAS) {
            ClassicalDerainer d = new ClassicalDerainer(alpha, tau, eta, lambda, stages, tvEps);
            double err = 0;
            for (int i = 0; i < n; i++) {
              d.derain(rainies[i], crop, crop, b, r);
              err += squaredError(b, cleans[i]);
            }
            if (err < bestErr) {
              bestErr = err;
              best = new double[] {alpha, tau, eta, lambda};
            }
          }
        }
      }
    }
    return best;
  }

  static double squaredError(double[] x, double[] clean) {
    double s = 0;
    for (int p = 0; p < x.length; p++) {
      double d = Math.min(1.0, Math.max(0.0, x[p])) - clean[p];
      s += d * d;
    }
    return s;
  }

  @Override
  public ParamLayout layout() {
    return ParamLayout.builder().add("alpha", 1).add("tau", 1).add("eta", 1).add("lambda", 1).build();
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    return DerainEvaluation.metrics(sum, testEval);
  }

  @Override
  public ShardTask newTask() {
    double[] clean = new double[crop * crop];
    double[] rainy = new double[crop * crop];
    double[] b = new double[crop * crop];
    double[] r = new double[crop * crop];
    double[] stats = new double[PixelErrors.SIZE];
    return new ShardTask() {
      @Override
      public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
        LossGradientSum sum = new LossGradientSum(omega.length, PixelErrors.SIZE);
        ShardPlan.Selection sel = plan.select(shard, batch);
        ClassicalDerainer d = derainer(omega);
        for (int e = sel.from(); e < sel.to(); e++) {
          train.example(sel.indices()[e], crop, clean, rainy);
          d.derain(rainy, crop, crop, b, r);
          double sq = squaredError(b, clean);
          new PixelErrors(sq, b.length).writeTo(stats);
          sum.add(0.5 * sq / b.length, null, stats, 1);
        }
        return sum;
      }

      @Override
      public double[][] evaluate(double[] omega, boolean isTest, ShardPlan plan, int shard, int[] settings) {
        RainExamples side = isTest ? test : train;
        ClassicalDerainer d = derainer(omega);
        double[][] acc = new double[1][DerainEvaluation.SIZE];
        for (long i = plan.start(shard); i < plan.end(shard); i++) {
          side.example(i, crop, clean, rainy);
          d.derain(rainy, crop, crop, b, r);
          new DerainEvaluation(squaredError(b, clean), b.length, squaredError(rainy, clean)).addTo(acc[0]);
        }
        return acc;
      }
    };
  }
}
