package io.bmo.core.imaging;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.regularizer.Regularizer;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.ConjugateGradient;
import io.bmo.core.solver.LinearSolver;
import io.bmo.core.solver.Tolerances;

/**
 * Per-task evaluator of the bilevel learned-regularizer problem on blocks of examples.
 *
 * <p>Example b: lower level {@code x̂_b(θ) = argmin_x ½‖K x − y_b‖² + R_θ(x) + ½ ε_sc ‖x‖²} (solved by
 * {@link AcceleratedGradient}), upper loss {@code ℓ_b = ½‖x̂_b − x*_b‖² / n} (n pixels), hypergradient by the
 * implicit function theorem: {@code H q = ∇ₓℓ = (x̂ − x*)/n} with {@code H = ∇²ₓE} solved by
 * {@link ConjugateGradient} (valid where H is SPD: everywhere for the convex regularizers, which make E strongly
 * convex; at the local minimum FISTA reaches for the Student-t Field of Experts), then {@code g = −(∂θ∇ₓE)ᵀ q}.
 * The block is solved jointly: FISTA with per-example stopping, one CG on the block-diagonal H with the relative
 * residual δ measured over the whole block.
 *
 * <p>Statistics added into {@link LossGradientSum#statsBuffer()} per block: {@link ImagingStats}.
 *
 * <p>Not thread-safe (owns workspaces sized for {@code maxImages}); create one per task from an {@link ImagingConfig}.
 */
public final class ImagingProblem {
  /**
   * What one block cost and gave.
   *
   * @param lossSum Σ_b ℓ_b
   * @param lower the lower-level solve
   * @param cg the adjoint solve (null when no gradient was asked for)
   * @param lipschitz the step-size estimate used
   */
  public record BlockReport(double lossSum, AcceleratedGradient.Result lower, LinearSolver.Result cg,
      AcceleratedGradient.Lipschitz lipschitz) {}

  private final ImagingConfig config;
  private final ImageShape shape;
  private final int pixels;
  private final int maxImages;
  private final LowerLevelEnergy energy;
  private final AcceleratedGradient fista;
  private final double[] xWork;
  private final double[] stats = new double[ImagingStats.SIZE];

  public ImagingProblem(ImagingConfig config, ImageShape shape, int maxImages) {
    this.config = config;
    this.shape = shape;
    this.pixels = shape.pixels();
    this.maxImages = maxImages;
    Regularizer r = config.regularizer().create(shape, maxImages);
    this.energy = new LowerLevelEnergy(config.forward().create(shape, maxImages), r, config.strongConvexity());
    this.fista = new AcceleratedGradient(config.lower(), shape, maxImages);
    this.xWork = new double[maxImages * pixels];
  }

  public ImagingConfig config() {
    return config;
  }

  public ImageShape shape() {
    return shape;
  }

  public int maxImages() {
    return maxImages;
  }

  public ParamLayout layout() {
    return config.regularizer().layout();
  }

  public int dimension() {
    return layout().size();
  }

  public double[] initialTheta() {
    return config.regularizer().initialTheta();
  }

  /** Projects θ onto the regularizer's feasible set (e.g. zero-mean FoE filters). Modified: theta. */
  public void project(double[] theta) {
    config.regularizer().project(theta);
  }

  /** A sum with this problem's gradient dimension and {@link ImagingStats#SIZE} statistics. */
  public LossGradientSum newSum() {
    return new LossGradientSum(dimension(), ImagingStats.SIZE);
  }

  /** The energy, for tests and diagnostics. Shares this problem's workspaces. */
  public LowerLevelEnergy energy() {
    return energy;
  }

  /** PSNR in dB, {@code 10·log10(Σ pixels / Σ squared error)}, from a sum filled by this class. */
  public static double psnr(LossGradientSum sum) {
    return ImagingStats.of(sum).psnr();
  }

  /**
   * Solves the lower level for a block: on exit {@code x} holds x̂(θ) for each image.
   *
   * @param degraded y, block of {@code images} images, not modified
   * @param x on entry the start, on exit the solution. Modified.
   */
  public AcceleratedGradient.Result solveLower(double[] theta, double[] degraded, int images, double tolerance,
      double[] x) {
    energy.setData(degraded, images);
    AcceleratedGradient.Lipschitz lip = fista.estimateLipschitz(energy, theta);
    return fista.minimize(energy, theta, x, tolerance, lip.lipschitz(), null);
  }

  /**
   * Adds a block's summed upper loss, summed hypergradient, count and statistics into {@code into}.
   *
   * @param theta parameters, not modified
   * @param clean x*, block of {@code images} images, not modified
   * @param degraded y, same layout, not modified
   * @param tol ε and δ
   * @param xWarm null (start from y) or the lower-level start; on exit x̂. Modified when non-null.
   * @param qWarm null (CG starts from 0) or the CG start; on exit q. Modified when non-null.
   * @param into accumulator of dimension {@link #dimension()} with {@link ImagingStats#SIZE} stats. Modified.
   */
  public BlockReport addBlock(double[] theta, double[] clean, double[] degraded, int images, Tolerances tol,
      double[] xWarm, double[] qWarm, LossGradientSum into) {
    return evaluate(theta, clean, degraded, images, tol, xWarm, qWarm, into, true);
  }

  /** Like {@link #addBlock} but adds only the loss, count and statistics (no adjoint solve, zero gradient). */
  public BlockReport addLoss(double[] theta, double[] clean, double[] degraded, int images, double lowerTolerance,
      double[] xWarm, LossGradientSum into) {
    return evaluate(theta, clean, degraded, images, new Tolerances(lowerTolerance, 1.0), xWarm, null, into, false);
  }

  private BlockReport evaluate(double[] theta, double[] clean, double[] degraded, int images, Tolerances tol,
      double[] xWarm, double[] qWarm, LossGradientSum into, boolean withGradient) {
    if (theta.length != dimension()) {
      throw new IllegalArgumentException("θ has length " + theta.length + ", expected " + dimension());
    }
    if (into.dim() != dimension() || into.statsBuffer().length != ImagingStats.SIZE) {
      throw new IllegalArgumentException("accumulator must have dimension " + dimension() + " and " + ImagingStats.SIZE
          + " stats");
    }
    int len = images * pixels;
    if (clean.length < len || degraded.length < len) {
      throw new IllegalArgumentException("blocks of " + images + " images need " + len + " values");
    }
    double[] x = xWarm != null ? xWarm : xWork;
    if (xWarm == null) {
      System.arraycopy(degraded, 0, x, 0, len);
    } else if (xWarm.length < len) {
      throw new IllegalArgumentException("xWarm has " + xWarm.length + " values, need " + len);
    }
    energy.setData(degraded, images);
    AcceleratedGradient.Lipschitz lip = fista.estimateLipschitz(energy, theta);
    if (!(lip.lipschitz() > 0) || Double.isInfinite(lip.lipschitz())) {
      // θ has left the range where the lower level is defined (e.g. the exponential of a huge log-weight overflows):
      // the block reports a non-finite loss and no gradient, so the driver stops naming the step and the parameter.
      new ImagingStats(0, len, 0, 0, 0, lip.iterations()).writeTo(stats);
      into.add(Double.NaN, null, stats, images);
      return new BlockReport(Double.NaN, new AcceleratedGradient.Result(0, 0, images, Double.NaN), null, lip);
    }
    AcceleratedGradient.Result lower = fista.minimize(energy, theta, x, tol.lower(), lip.lipschitz(), null);

    double sq = 0;
    double[] rhs = withGradient ? new double[len] : null;
    for (int p = 0; p < len; p++) {
      double d = x[p] - clean[p];
      sq += d * d;
      if (rhs != null) {
        rhs[p] = d / pixels;
      }
    }
    double lossSum = 0.5 * sq / pixels;
    LinearSolver.Result cg = null;
    int notConverged = lower.notConverged();
    if (withGradient) {
      double[] q = new double[len];
      if (qWarm != null) {
        System.arraycopy(qWarm, 0, q, 0, len);
      }
      energy.linearize(theta, x, images);
      cg = new ConjugateGradient(tol.cg(), config.maxCgIterations()).solve(energy::hessianVector, rhs, q);
      if (!cg.converged()) {
        notConverged = images;
      }
      double[] g = into.gradSumBuffer();
      double[] mixed = new double[g.length];
      energy.addMixedTranspose(q, mixed);
      for (int j = 0; j < g.length; j++) {
        g[j] -= mixed[j];
      }
      if (qWarm != null) {
        System.arraycopy(q, 0, qWarm, 0, len);
      }
    }
    new ImagingStats(sq, len, lower.exampleIterations(), cg == null ? 0 : (double) cg.iterations() * images,
        notConverged, lip.iterations()).writeTo(stats);
    into.add(lossSum, null, stats, images);
    return new BlockReport(lossSum, lower, cg, lip);
  }
}
