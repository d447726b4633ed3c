package io.bmo.core.solver;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.hypergrad.Hypergradients;
import io.bmo.core.operator.FixedPointMap;
import io.bmo.core.problem.Block;

/**
 * Unrolled upper objective of BMO for any {@link FixedPointMap} on blocks of examples (input b_i, target x_i):
 * φ(ω) = (1/N)·Σ_i ½‖u_i^K(ω) − x_i‖², and its hypergradient by the configured {@link HypergradientMethod}. Adds each block's sums into a
 * {@link LossGradientSum} (the per-block aggregator Spark distributes); the division by N happens in
 * {@link LossGradientSum#loss()} / {@link LossGradientSum#gradient()}.
 *
 * <p>Statistics added per block: {@link UnrolledStats}; evaluation sums per depth: {@link DepthEvaluation}.
 *
 * <p>{@link #evaluate} runs the μ = 0 iteration (no ground truth in the loop) for test metrics. Not thread-safe.
 */
public final class UnrolledObjective {
  private final FixedPointMap map;
  private final BmoConfig cfg;
  private final HypergradientMethod method;
  private final BmoSolver solver;
  private final Hypergradients hyper;
  private final double[] stat = new double[UnrolledStats.SIZE];
  private double[] ubar = new double[0];
  private double[] tbuf = new double[0];
  private BmoSolver evalSolver;
  private final io.bmo.core.hypergrad.CheckpointSchedule schedule;
  private long checkpointPeakBytes;
  private long forwardSteps;
  private double sqError;
  private double sqNorm;

  public UnrolledObjective(FixedPointMap map, BmoConfig cfg, HypergradientMethod method) {
    method.validate(cfg, map.distinctLayers() > 1);
    this.map = map;
    this.cfg = cfg;
    this.method = method;
    this.solver = new BmoSolver(map, cfg);
    this.hyper = new Hypergradients(map, cfg);
    this.schedule = method instanceof HypergradientMethod.Reverse r && r.checkpointed()
        ? new io.bmo.core.hypergrad.CheckpointSchedule(cfg.layers(), r.snapshots()) : null;
  }

  public FixedPointMap map() {
    return map;
  }

  public BmoConfig config() {
    return cfg;
  }

  public HypergradientMethod method() {
    return method;
  }

  /** A fresh empty sum of the right shape for this objective. */
  public LossGradientSum newSum() {
    return new LossGradientSum(map.layout().size(), UnrolledStats.SIZE);
  }

  /** Binds ω (precomputes ω-dependent matrices); call before {@link #add} / {@link #evaluate}. */
  public void bind(double[] omega) {
    map.bind(omega);
  }

  /**
   * Runs the K-step inner loop on {@code block}, adds Σ½‖u^K − x‖² to the loss, the summed hypergradient to the
   * gradient and B to the count of {@code into}.
   *
   * @param withGradient false to add only loss and statistics
   */
  public void add(Block block, LossGradientSum into, boolean withGradient) {
    int n = map.dim();
    int cols = block.cols();
    int size = n * cols;
    map.bindBlock(block.b(), cols);
    double adjointIterations = 0;
    double adjointResidual = 0;
    if (withGradient && schedule != null) {
      // checkpointed reverse mode runs the forward steps itself and seeds the adjoint at u^K
      solver.init(block.x(), cols, cfg.layers() + 1);
      Hypergradients.CheckpointStats cs = hyper.reverseCheckpointed(solver, null, schedule,
          (u, ub) -> seedAdjoint(u, block.x(), ub, size), into.gradSumBuffer());
      checkpointPeakBytes = cs.peakBytes();
      forwardSteps = cs.forwardSteps();
    } else {
      int firstRecorded = !withGradient || method instanceof HypergradientMethod.Implicit
          ? cfg.layers() + 1
          : method instanceof HypergradientMethod.Truncated t ? cfg.layers() - t.steps() + 1 : 1;
      solver.init(block.x(), cols, firstRecorded);
      solver.run();
      forwardSteps = cfg.layers();
      if (ubar.length < size) {
        ubar = new double[size];
      }
      seedAdjoint(solver.iterate(), block.x(), ubar, size);
      if (withGradient) {
        double[] g = into.gradSumBuffer();
        if (method instanceof HypergradientMethod.Implicit imp) {
          LinearSolver.Result r = hyper.implicit(solver, ubar, imp, g);
          adjointIterations = r.iterations();
          adjointResidual = r.relativeResidual();
        } else {
          hyper.reverse(solver, ubar, firstRecorded, g);
        }
      }
    }
    double sq = sqError;
    new UnrolledStats(sq, sqNorm, adjointIterations, adjointResidual, 1).writeTo(stat);
    into.add(0.5 * sq, null, stat, cols);
  }

  /** ∂ℓ/∂u^K = u^K − x into {@code ub}; sets Σ‖u^K − x‖² and Σ‖x‖² of the block. */
  private void seedAdjoint(double[] u, double[] x, double[] ub, int size) {
    double sq = 0.0;
    double xn = 0.0;
    for (int i = 0; i < size; i++) {
      double r = u[i] - x[i];
      ub[i] = r;
      sq += r * r;
      xn += x[i] * x[i];
    }
    sqError = sq;
    sqNorm = xn;
  }

  /**
   * Bytes kept for the reverse pass of the last block: the whole tape after the forward pass, or with checkpointed
   * reverse mode the peak of live snapshots plus the one live step's tape.
   */
  public long tapeBytes() {
    return schedule != null && checkpointPeakBytes > 0 ? checkpointPeakBytes : solver.tapeBytes();
  }

  /** Forward steps the last block took (K, or more with checkpointed reverse mode). */
  public long forwardSteps() {
    return forwardSteps;
  }

  /**
   * Test-time metrics with μ = 0 for several depths in one pass: after L steps (for each L in {@code depths},
   * ascending), adds to {@code out[j]}: Σ‖u^L − x‖², Σ‖x‖², Σ over examples with u^L ≠ 0 of
   * ‖u^L − T_{L+1}(u^L)‖/‖u^L‖ and the number of such examples. Layers past the trained ones reuse the last
   * layer's parameters.
   *
   * @param depths ascending positive layer counts
   * @param out out[j] has length {@link DepthEvaluation#SIZE}. Added into.
   */
  public void evaluate(Block block, int[] depths, double[][] out) {
    int n = map.dim();
    int cols = block.cols();
    int size = n * cols;
    int maxDepth = depths[depths.length - 1];
    if (evalSolver == null || evalSolver.config().layers() != maxDepth) {
      evalSolver = new BmoSolver(map, cfg.forEvaluation(maxDepth));
    }
    BmoSolver eval = evalSolver;
    map.bindBlock(block.b(), cols);
    eval.init(null, cols, maxDepth + 1);
    if (tbuf.length < size) {
      tbuf = new double[size];
    }
    double[] x = block.x();
    int j = 0;
    while (j < depths.length) {
      eval.step();
      if (eval.iteration() != depths[j]) {
        continue;
      }
      double[] u = eval.iterate();
      map.apply(eval.iteration(), u, tbuf, null);
      double[] o = out[j];
      for (int c = 0; c < cols; c++) {
        double se = 0.0;
        double xn = 0.0;
        double un = 0.0;
        double rn = 0.0;
        for (int i = c * n, e = i + n; i < e; i++) {
          double r = u[i] - x[i];
          se += r * r;
          xn += x[i] * x[i];
          un += u[i] * u[i];
          double f = u[i] - tbuf[i];
          rn += f * f;
        }
        DepthEvaluation.addExample(o, se, xn, un, rn);
      }
      j++;
    }
  }

  /** NMSE in dB from evaluation sums: 10·log10(Σ‖u − x‖² / Σ‖x‖²). */
  public static double nmseDb(double sqError, double sqNorm) {
    return 10.0 * Math.log10(sqError / sqNorm);
  }
}
