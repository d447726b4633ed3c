package io.bmo.core.hypergrad;

import io.bmo.core.operator.FixedPointMap;
import io.bmo.core.operator.Linearization;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.solver.Gmres;
import io.bmo.core.solver.LinearSolver;
import io.bmo.core.solver.Projection;
import io.bmo.core.solver.Richardson;

/**
 * Hypergradients of a loss on the final iterate u^K, built only from the map's {@code apply} and {@code vjp}.
 * Buffers are held per instance and reused; not thread-safe.
 */
public final class Hypergradients {
  /** Restart length of GMRES for the adjoint system. */
  private static final int GMRES_RESTART = 30;

  private final FixedPointMap map;
  private final BmoConfig cfg;
  private double[] ybar = new double[0];
  private double[] vbar = new double[0];
  private double[] tmp = new double[0];
  private Linearization fixedPointRecord;
  private long[] fixedPointMask;

  public Hypergradients(FixedPointMap map, BmoConfig cfg) {
    this.map = map;
    this.cfg = cfg;
  }

  private void ensure(int size) {
    if (ybar.length < size) {
      ybar = new double[size];
      vbar = new double[size];
      tmp = new double[size];
    }
  }

  /**
   * Reverse mode through steps K down to {@code firstStep} of a finished {@link BmoSolver} run:
   * with ū = ∂ℓ/∂u^k, ȳ = ū ⊙ Proj'(y_k), ū ← a·ȳ + (∂T_k/∂u)ᵀ(c_T·ȳ) and ω̄ += (∂T_k/∂ω)ᵀ(c_T·ȳ), one
   * {@link FixedPointMap#vjpRelaxed} per step (ū ping-pongs between two internal buffers).
   * {@code firstStep = 1} is the exact unrolled gradient; {@code firstStep = K − J + 1} truncates to J steps.
   *
   * @param solver finished run that recorded at least steps firstStep..K
   * @param ubar ∂ℓ/∂u^K (n×B), used as workspace. Modified.
   * @param gOmega gradient accumulator. Added into.
   */
  public void reverse(BmoSolver solver, double[] ubar, int firstStep, double[] gOmega) {
    int size = map.dim() * solver.cols();
    ensure(size);
    double[] cur = ubar;
    for (int k = solver.iteration(); k >= firstStep; k--) {
      double[] nxt = cur == tmp ? ybar : tmp;
      reverseStep(solver, k, cur, k > firstStep ? nxt : null, gOmega);
      cur = nxt;
    }
  }

  /**
   * {@link #reverse} through every recorded step 1..K that also returns ∂ℓ/∂u⁰ = (∂u^K/∂u⁰)ᵀū, the adjoint of the
   * start (for a start carried over from an earlier run).
   *
   * @param solver finished run that recorded steps 1..K
   * @param ubar ∂ℓ/∂u^K (n×B), used as workspace. Modified.
   * @param u0bar ∂ℓ/∂u⁰ (n×B). Overwritten; must not alias {@code ubar}.
   * @param gOmega gradient accumulator. Added into.
   */
  public void reverseToStart(BmoSolver solver, double[] ubar, double[] u0bar, double[] gOmega) {
    int size = map.dim() * solver.cols();
    ensure(size);
    double[] cur = ubar;
    for (int k = solver.iteration(); k >= 1; k--) {
      double[] nxt = k > 1 ? (cur == tmp ? ybar : tmp) : u0bar;
      reverseStep(solver, k, cur, nxt, gOmega);
      cur = nxt;
    }
  }

  /**
   * Adjoint of recorded step k: from ū = ∂ℓ/∂u^k ({@code cur}, used as workspace) to ∂ℓ/∂u^{k−1} ({@code out},
   * skipped when null), adding step k's ω-terms into {@code gOmega}. {@code out} must not alias {@code cur} or
   * {@link #vbar}.
   */
  private void reverseStep(BmoSolver solver, int k, double[] cur, double[] out, double[] gOmega) {
    int cols = solver.cols();
    double a = cfg.selfWeight();
    double ct = cfg.mapWeight();
    long[] pmask = solver.projectionMask(k);
    if (pmask != null) {
      // ȳ = ū ⊙ Proj'(y_k), in place
      int size = map.dim() * cols;
      for (int i = 0; i < size; i++) {
        if ((pmask[i >>> 6] & (1L << i)) == 0) {
          cur[i] = 0.0;
        }
      }
    }
    // With U = ℝⁿ the map may fuse the masking, a·ȳ and the u-adjoint.
    map.vjpRelaxed(k - 1, cols, solver.record(k), cur, a, ct, out, gOmega, vbar);
  }

  /** Computes ∂ℓ/∂u^K from the final iterate, once per checkpointed reversal. */
  @FunctionalInterface
  public interface AdjointSeed {
    /**
     * @param uK u^K (n×B, live solver buffer: read only, do not keep)
     * @param ubar ∂ℓ/∂u^K (n×B). Overwritten.
     */
    void seed(double[] uK, double[] ubar);
  }

  /** What a checkpointed reversal cost: forward steps (first pass included) and peak bytes kept for reverse. */
  public record CheckpointStats(long forwardSteps, long peakBytes) {}

  /**
   * Exact unrolled reverse mode with at most {@code schedule.snapshots()} dense iterates and one step's tape kept
   * at any time (binomial checkpointing, {@link CheckpointSchedule}): runs the K forward steps itself, recomputing
   * stretches from stored iterates, calls {@code seed} at u^K and reverses step by step. Every recomputed step sees
   * the same (k, u^{k−1}) as in the first pass, so the gradient is bit-identical to
   * {@link #reverse reverse(solver, ubar, 1, gOmega)} after a fully taped run; only time and memory differ.
   *
   * @param solver initialised with {@code init(target, cols, K + 1, start)} (targets and block bound), not yet run;
   *     on return it holds no tape
   * @param start u⁰ as given to {@code init} (null = zero); not modified
   * @param gOmega gradient accumulator. Added into.
   */
  public CheckpointStats reverseCheckpointed(BmoSolver solver, double[] start, CheckpointSchedule schedule,
      AdjointSeed seed, double[] gOmega) {
    int layers = cfg.layers();
    if (schedule.layers() != layers) {
      throw new IllegalArgumentException("schedule for " + schedule.layers() + " steps, solver runs " + layers);
    }
    int size = map.dim() * solver.cols();
    ensure(size);
    if (snaps == null || snaps.length < schedule.snapshots() || (snaps.length > 0 && snaps[0].length < size)) {
      snaps = new double[schedule.snapshots()][size];
    }
    Checkpointed run = new Checkpointed(solver, schedule, seed, gOmega, size);
    run.reverse(0, layers, start, schedule.snapshots());
    return new CheckpointStats(run.forwardSteps, run.peakBytes);
  }

  /** Snapshot slots of checkpointed reverse mode, slot t−1 used by stretches that still have t slots. */
  private double[][] snaps;

  /** State of one checkpointed reversal; ū lives in {@link #ybar} / {@link #tmp} as in {@link #reverse}. */
  private final class Checkpointed {
    final BmoSolver solver;
    final CheckpointSchedule schedule;
    final AdjointSeed seed;
    final double[] gOmega;
    final int size;
    final long snapBytes;
    double[] cur;
    int liveSnapshots;
    long forwardSteps;
    long peakBytes;

    Checkpointed(BmoSolver solver, CheckpointSchedule schedule, AdjointSeed seed, double[] gOmega, int size) {
      this.solver = solver;
      this.schedule = schedule;
      this.seed = seed;
      this.gOmega = gOmega;
      this.size = size;
      this.snapBytes = (long) size * Double.BYTES;
      this.cur = ybar;
    }

    /** Reverses steps a+1..b, u^a in {@code ua} (null = zero), ∂ℓ/∂u^b in {@code cur} unless b = K. */
    void reverse(int a, int b, double[] ua, int slots) {
      int m = schedule.split(b - a, slots);
      if (m == 0) {
        for (int j = b; j > a; j--) {
          tapeAndReverse(a, ua, j);
        }
        return;
      }
      solver.resume(a, ua, cfg.layers() + 1);
      advance(a + m);
      double[] snap = snaps[slots - 1];
      System.arraycopy(solver.iterate(), 0, snap, 0, size);
      liveSnapshots++;
      reverse(a + m, b, snap, slots - 1);
      liveSnapshots--;
      reverse(a, a + m, ua, slots);
    }

    /** From u^a recompute to u^{j−1}, tape step j, seed at j = K, reverse step j, release its tape. */
    void tapeAndReverse(int a, double[] ua, int j) {
      solver.resume(a, ua, j);
      advance(j);
      peakBytes = Math.max(peakBytes, liveSnapshots * snapBytes + solver.tapeBytes());
      if (j == cfg.layers()) {
        seed.seed(solver.iterate(), cur);
      }
      double[] nxt = cur == tmp ? ybar : tmp;
      reverseStep(solver, j, cur, j > 1 ? nxt : null, gOmega);
      cur = nxt;
      solver.release(j);
    }

    private void advance(int to) {
      while (solver.iteration() < to) {
        solver.step();
        forwardSteps++;
      }
    }
  }
  /**
   * Implicit differentiation at the final iterate u^K, taken as the fixed point of Φ(u) = Proj((1−α)u + α·T(u))
   * (μ = 0): solves (I − ∂Φ/∂u)ᵀ v = ∂ℓ/∂u^K with the configured solver, then ω̄ += (∂Φ/∂ω)ᵀ v.
   *
   * @param solver finished μ = 0 run (nothing needs to be recorded)
   * @param ubar ∂ℓ/∂u^K (n×B); not modified
   * @param gOmega gradient accumulator. Added into.
   * @return the adjoint solve's iterations and relative residual
   */
  public LinearSolver.Result implicit(BmoSolver solver, double[] ubar, HypergradientMethod.Implicit method,
      double[] gOmega) {
    int size = map.dim() * solver.cols();
    ensure(size);
    if (fixedPointRecord == null) {
      fixedPointRecord = map.newRecord();
    }
    int layer = solver.iteration() - 1;
    double[] ustar = solver.iterate();
    map.apply(layer, ustar, tmp, fixedPointRecord);
    Projection p = cfg.projection();
    double alpha = cfg.alpha();
    long[] mask = null;
    if (p.kind() != Projection.Kind.NONE) {
      fixedPointMask = io.bmo.core.operator.BitMask.ensure(fixedPointMask, size);
      mask = fixedPointMask;
      java.util.Arrays.fill(mask, 0L);
      for (int i = 0; i < size; i++) {
        if (p.passes((1.0 - alpha) * ustar[i] + alpha * tmp[i])) {
          mask[i >>> 6] |= 1L << i;
        }
      }
    }
    final long[] pm = mask;
    double[] b = java.util.Arrays.copyOf(ubar, size);
    double[] v = new double[size];
    LinearSolver linear = switch (method.solver()) {
      case FIXED_POINT -> new Richardson(method.tol(), method.maxIterations());
      case GMRES -> new Gmres(method.tol(), method.maxIterations(), GMRES_RESTART);
    };
    LinearSolver.Result res = linear.solve((w, out) -> {
      // out = w − Jᵀw, Jᵀw = (1−α)·ȳ + (∂T/∂u)ᵀ(α·ȳ), ȳ = w ⊙ Proj'
      maskedScaled(w, pm, alpha, size);
      map.vjp(layer, fixedPointRecord, vbar, out, null);
      for (int i = 0; i < size; i++) {
        out[i] = w[i] - ((1.0 - alpha) * ybar[i] + out[i]);
      }
    }, b, v);
    maskedScaled(v, pm, alpha, size);
    map.vjp(layer, fixedPointRecord, vbar, null, gOmega);
    return res;
  }

  /** ybar = w ⊙ mask; vbar = α·ybar. */
  private void maskedScaled(double[] w, long[] mask, double alpha, int size) {
    for (int i = 0; i < size; i++) {
      double g = mask == null || (mask[i >>> 6] & (1L << i)) != 0 ? w[i] : 0.0;
      ybar[i] = g;
      vbar[i] = alpha * g;
    }
  }
}
