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
 * Hypergradients of a loss on the final iterate u^K, built only from the map's {@code apply} and {@code vjp}
 * (../shared/STYLE.md §3). Buffers are held per instance and reused; not thread-safe.
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
    int cols = solver.cols();
    int size = map.dim() * cols;
    ensure(size);
    double a = cfg.selfWeight();
    double ct = cfg.mapWeight();
    int kMax = solver.iteration();
    double[] cur = ubar;
    for (int k = kMax; k >= firstStep; k--) {
      long[] pmask = solver.projectionMask(k);
      boolean needU = k > firstStep;
      double[] nxt = cur == tmp ? ybar : tmp;
      if (pmask == null) {
        // U = ℝⁿ: ȳ = ū, and the map may fuse the masking, a·ȳ and the u-adjoint.
        map.vjpRelaxed(k - 1, cols, solver.record(k), cur, a, ct, needU ? nxt : null, gOmega, vbar);
      } else {
        double[] yb = cur;
        for (int i = 0; i < size; i++) {
          double g = (pmask[i >>> 6] & (1L << i)) != 0 ? cur[i] : 0.0;
          yb[i] = g;
        }
        map.vjpRelaxed(k - 1, cols, solver.record(k), yb, a, ct, needU ? nxt : null, gOmega, vbar);
      }
      cur = nxt;
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
