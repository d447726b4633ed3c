package io.bmo.core.imaging;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Learned-regularizer imaging (denoising, deblurring) as a {@link ShardedProblem}: ω = θ of the regularizer, the
 * upper objective is the mean over examples of {@code ½‖x̂_i(θ) − x*_i‖² / n} (n pixels), computed block by block by
 * an {@link ImagingProblem} per task (FISTA lower level to ε, CG adjoint to δ, IFT hypergradient).
 *
 * <p>Every lower-level solve starts cold from y (no per-example warm start), so a shard's sum depends only on ω and
 * the shard's examples: results are bit-identical on any executor.
 *
 * <p>Per-step metrics ({@link #metrics}): {@code train_psnr} (of the step's training examples at ω_t, solved to ε),
 * {@code test_psnr} and {@code test_input_psnr} (PSNR of x̂ and of y against x* on the test set, lower level solved to
 * the evaluation tolerance; NaN on steps without evaluation), {@code lower_iterations} and {@code cg_iterations}
 * (mean per training example this step), {@code not_converged} (training examples whose FISTA or CG hit its cap) and
 * {@code cost} (Σ lower + CG iterations of this step, the papers' cost unit; the run log adds its running total).
 * PSNR is {@code 10·log10(1/MSE)} for intensities in [0, 1].
 */
public final class ImagingShards implements ShardedProblem {
  private static final long serialVersionUID = 1L;

  private final ImagingConfig config;
  private final ImageSource train;
  private final ImageSource test;
  private final Tolerances tolerances;
  private final double evalTolerance;
  private final int blockSize;
  private final ParamLayout layout;

  /**
   * @param test may be null (no test set); must have the training shape otherwise
   * @param tolerances ε and δ of the training hypergradients
   * @param evalTolerance ε of the test-set (and evaluation) solves
   * @param blockSize largest block a task will see (the plans' block size)
   */
  public ImagingShards(ImagingConfig config, ImageSource train, ImageSource test, Tolerances tolerances,
      double evalTolerance, int blockSize) {
    if (test != null && !test.shape().equals(train.shape())) {
      throw new IllegalArgumentException("test images are " + test.shape() + ", training images " + train.shape());
    }
    if (!(evalTolerance > 0) || Double.isInfinite(evalTolerance)) {
      throw new IllegalArgumentException("evaluation tolerance must be positive and finite, got " + evalTolerance);
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
    }
    this.config = config;
    this.train = train;
    this.test = test;
    this.tolerances = tolerances;
    this.evalTolerance = evalTolerance;
    this.blockSize = blockSize;
    this.layout = config.regularizer().layout();
  }

  public ImagingConfig config() {
    return config;
  }

  public ImageSource train() {
    return train;
  }

  public ImageSource test() {
    return test;
  }

  public Tolerances tolerances() {
    return tolerances;
  }

  public double evalTolerance() {
    return evalTolerance;
  }

  @Override
  public ParamLayout layout() {
    return layout;
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
    return new Task();
  }

  @Override
  public int[] evalDepths() {
    return new int[] {0};
  }

  @Override
  public boolean needsTrainEvaluation() {
    return false;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    ImagingStats st = ImagingStats.of(sum);
    ImagingEvaluation test = testEval == null ? null : ImagingEvaluation.of(testEval[0]);
    double n = Math.max(1, sum.count());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_psnr", psnr(st.squaredError(), st.pixels()));
    m.put("test_psnr", test == null ? Double.NaN : test.psnr());
    m.put("test_input_psnr", test == null ? Double.NaN : test.inputPsnr());
    m.put("lower_iterations", st.lowerIterations() / n);
    m.put("cg_iterations", st.cgIterations() / n);
    m.put("not_converged", st.notConverged());
    m.put("cost", st.lowerIterations() + st.cgIterations());
    return m;
  }

  /** {@code 10·log10(pixels / squaredError)} (dB, intensities in [0, 1]); NaN when there are no pixels. */
  public static double psnr(double squaredError, double pixels) {
    return pixels > 0 ? 10 * Math.log10(pixels / squaredError) : Double.NaN;
  }

  /** One task: an {@link ImagingProblem} and block buffers of {@code blockSize} images. Not thread-safe. */
  private final class Task implements ShardTask {
    private final ImagingProblem problem;
    private final int pixels;
    private final double[] clean;
    private final double[] degraded;

    Task() {
      ImageShape shape = train.shape();
      problem = new ImagingProblem(config, shape, blockSize);
      pixels = shape.pixels();
      clean = new double[blockSize * pixels];
      degraded = new double[blockSize * pixels];
    }

    @Override
    public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
      checkBlock(plan);
      LossGradientSum sum = problem.newSum();
      int bs = plan.blockSize();
      if (batch == null) {
        for (long i = plan.start(shard), end = plan.end(shard); i < end; i += bs) {
          int cols = (int) Math.min(bs, end - i);
          train.fill(i, cols, clean, degraded);
          add(omega, cols, withGradient, sum);
        }
      } else {
        int[] range = plan.slice(batch, shard);
        for (int j = range[0]; j < range[1]; j += bs) {
          int cols = Math.min(bs, range[1] - j);
          train.gather(batch, j, cols, clean, degraded);
          add(omega, cols, withGradient, sum);
        }
      }
      return sum;
    }

    private void add(double[] omega, int cols, boolean withGradient, LossGradientSum sum) {
      if (withGradient) {
        problem.addBlock(omega, clean, degraded, cols, tolerances, null, null, sum);
      } else {
        problem.addLoss(omega, clean, degraded, cols, tolerances.lower(), null, sum);
      }
    }

    @Override
    public double[][] evaluate(double[] omega, boolean onTest, ShardPlan plan, int shard, int[] settings) {
      checkBlock(plan);
      ImageSource src = onTest ? test : train;
      double[] out = new double[ImagingEvaluation.SIZE];
      int bs = plan.blockSize();
      for (long i = plan.start(shard), end = plan.end(shard); i < end; i += bs) {
        int cols = (int) Math.min(bs, end - i);
        src.fill(i, cols, clean, degraded);
        LossGradientSum s = problem.newSum();
        problem.addLoss(omega, clean, degraded, cols, evalTolerance, null, s);
        ImagingStats st = ImagingStats.of(s);
        double in = 0;
        for (int p = 0; p < cols * pixels; p++) {
          double d = degraded[p] - clean[p];
          in += d * d;
        }
        new ImagingEvaluation(st.squaredError(), st.pixels(), in, st.lowerIterations(), cols).addTo(out);
      }
      double[][] res = new double[settings.length][];
      for (int k = 0; k < settings.length; k++) {
        res[k] = out.clone();
      }
      return res;
    }

    private void checkBlock(ShardPlan plan) {
      if (plan.blockSize() > blockSize) {
        throw new IllegalArgumentException("plan block size " + plan.blockSize() + " exceeds the problem's "
            + blockSize);
      }
    }
  }
}
