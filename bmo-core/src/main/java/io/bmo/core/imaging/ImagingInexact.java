package io.bmo.core.imaging;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.algorithms.ErrorBound;
import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.algorithms.InexactStats;
import io.bmo.core.algorithms.InexactTask;
import io.bmo.core.solver.Tolerances;
import java.util.Arrays;

/**
 * A learned-regularizer imaging problem ({@link ImagingProblem}) on in-memory pairs as an {@link InexactProblem}.
 *
 * <p>Blocks: the task solves each block of at most {@link io.bmo.core.train.ShardPlan#blockSize()} examples jointly
 * ({@link ImagingProblem#addBlock}: FISTA with per-example stopping at ‖∇ₓE_b‖ ≤ ε, one CG on the block-diagonal
 * Hessian to block relative residual δ). Warm starts: x from the example's stored primal (cold start: the degraded
 * image y, as {@link ImagingProblem} does), q from its stored adjoint (cold: 0).
 *
 * <p>Bounds: with the optional {@link ErrorBound} (user estimates — for learned regularizers μ, L_H, L_B and B_max are
 * not certified) and, per block of n examples, Σ_b‖∇ℓ_b‖ ≤ √n·‖x̃ − x*‖/P and Σ_bρ_b ≤ √n·δ_achieved·‖x̃ − x*‖/P
 * (P pixels per image, ∇ℓ_b = (x̃_b − x*_b)/P). Without a bound, or when a solve hit its cap, the bound statistics
 * are +∞ (MAID then only tightens).
 */
public final class ImagingInexact implements InexactProblem {
  /** This problem's own statistics follow the generic ones: Σ squared error of the lower-level solutions, Σ pixels. */
  private static final int SQ_ERROR = InexactStats.SIZE;
  private static final int PIXELS = SQ_ERROR + 1;
  private static final int NUM_IMAGING_STATS = PIXELS + 1;

  private static final long serialVersionUID = 1L;
  private final ImagingConfig config;
  private final ImageShape shape;
  private final double[] clean;
  private final double[] degraded;
  private final int count;
  private final double[] theta0;
  private final ErrorBound bound;

  /**
   * @param clean x*, {@code count} images example-major (not copied, not modified)
   * @param degraded y, same layout
   * @param theta0 starting θ (copied), or null for the regularizer's initial θ
   * @param bound constants for the bound statistics, or null
   */
  public ImagingInexact(ImagingConfig config, ImageShape shape, double[] clean, double[] degraded, int count,
      double[] theta0, ErrorBound bound) {
    long len = (long) count * shape.pixels();
    if (count < 1 || clean.length != len || degraded.length != len) {
      throw new IllegalArgumentException("need " + len + " values for " + count + " images of " + shape + ", got "
          + clean.length + " and " + degraded.length);
    }
    this.config = config;
    this.shape = shape;
    this.clean = clean;
    this.degraded = degraded;
    this.count = count;
    this.theta0 = theta0 == null ? config.regularizer().initialTheta() : theta0.clone();
    this.bound = bound;
  }

  @Override
  public int dimension() {
    return config.regularizer().layout().size();
  }

  @Override
  public long examples() {
    return count;
  }

  @Override
  public int lowerWidth() {
    return shape.pixels();
  }

  @Override
  public int adjointWidth() {
    return shape.pixels();
  }

  @Override
  public double[] initialTheta() {
    return theta0.clone();
  }

  @Override
  public void project(double[] theta) {
    config.regularizer().project(theta);
  }

  /** PSNR in dB from a sum filled by this problem's tasks. */
  @Override
  public int numStats() {
    return NUM_IMAGING_STATS;
  }

  @Override
  public double trainPsnr(LossGradientSum total) {
    return psnr(total);
  }

  public static double psnr(LossGradientSum sum) {
    double[] s = sum.statsBuffer();
    return 10 * Math.log10(s[PIXELS] / s[SQ_ERROR]);
  }

  @Override
  public InexactTask newTask() {
    return new Task();
  }

  private final class Task implements InexactTask {
    private ImagingProblem problem;
    private double[] cb = new double[0];
    private double[] db = new double[0];
    private double[] xw = new double[0];
    private double[] qw = new double[0];
    private final double[] stats = new double[NUM_IMAGING_STATS];

    private void ensure(int block) {
      if (problem == null || problem.maxImages() < block) {
        problem = new ImagingProblem(config, shape, block);
        int len = block * shape.pixels();
        cb = new double[len];
        db = new double[len];
        xw = new double[len];
        qw = new double[len];
      }
    }

    @Override
    public void add(double[] theta, long[] indices, int from, int to, int blockSize, Tolerances tol,
        ExampleState state, long step, boolean withGradient, LossGradientSum into) {
      ensure(blockSize);
      int px = shape.pixels();
      for (int j = from; j < to; j += blockSize) {
        int cols = Math.min(blockSize, to - j);
        for (int c = 0; c < cols; c++) {
          long ex = indices[j + c];
          int off = Math.toIntExact(ex) * px;
          System.arraycopy(clean, off, cb, c * px, px);
          System.arraycopy(degraded, off, db, c * px, px);
          if (state.visited(ex)) {
            state.loadPrimal(ex, xw, c * px);
            state.loadAdjoint(ex, qw, c * px);
          } else {
            System.arraycopy(degraded, off, xw, c * px, px);
            Arrays.fill(qw, c * px, (c + 1) * px, 0.0);
          }
        }
        LossGradientSum part = problem.newSum();
        ImagingProblem.BlockReport rep = withGradient
            ? problem.addBlock(theta, cb, db, cols, tol, xw, qw, part)
            : problem.addLoss(theta, cb, db, cols, tol.lower(), xw, part);
        ImagingStats ps = ImagingStats.of(part);
        double gradientBound = Double.POSITIVE_INFINITY;
        double valueBound = Double.POSITIVE_INFINITY;
        if (bound != null && !(ps.notConverged() > 0)) {
          double root = Math.sqrt(cols);
          double lossGrad = Math.sqrt(ps.squaredError()) / px;
          valueBound = bound.value(cols, tol.lower(), root * lossGrad);
          gradientBound = withGradient
              ? bound.gradient(cols, tol.lower(), root * lossGrad, root * rep.cg().relativeResidual() * lossGrad)
              : 0.0;
        }
        new InexactStats(ps.lowerIterations(), ps.cgIterations(), gradientBound, valueBound, ps.notConverged())
            .writeTo(stats);
        stats[SQ_ERROR] = ps.squaredError();
        stats[PIXELS] = ps.pixels();
        into.add(part.lossSum(), part.gradSumBuffer(), stats, cols);
        for (int c = 0; c < cols; c++) {
          long ex = indices[j + c];
          if (withGradient) {
            state.storeAdjoint(ex, qw, c * px);
          }
          state.storePrimal(ex, xw, c * px, step);
        }
      }
    }
  }
}
