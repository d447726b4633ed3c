package io.bmo.core.sparsecoding;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.blas.Blas;
import io.bmo.core.operator.BitMask;
import io.bmo.core.operator.FixedPointMap;
import io.bmo.core.operator.Linearization;
import io.bmo.core.operator.Spectral;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.Vectors;

/**
 * Batched soft-threshold step of the sparse-coding models ({@link SparseModel}): {@code T_l(u) = S_θ(z)},
 * {@code z = u − s·Wᵀ(A u − b)}. Fixed W (W = A for ISTA, ALISTA's {@link AlistaWeights}): Gram form
 * {@code z = u − s·(M u − d)}, M = WᵀA once, d = Wᵀb per block; a step is one n×n×B DGEMM and one fused element pass
 * ({@link SoftThresholdKernels}), its adjoint one pass and one DGEMM (Mᵀz̄, none when only ω̄ is needed). Learned W
 * (LISTA-tied; LISTA-CPSS, one W_k per layer, s = 1): factored form, two m×n×B DGEMMs forward and three backward with
 * ∂/∂W ({@link LearnedWeights}), nothing recomputed on {@link #bind}. {@link SupportSelection} replaces S_θ by the
 * selected threshold η ({@link SelectedThresholdKernels}; off, the original kernels run bit for bit). The tape
 * ({@link SoftThresholdRecord}) keeps support and sign bits, the step's residual on the support (fixed W; learned W
 * only after u = 0) and, for learned W, r = A u − b; never a dense iterate.
 *
 * <p>ω layout: {@code theta} (1 or K), {@code step} (1 or K; absent for LISTA-CPSS), and for LISTA-tied {@code W}
 * (m, n) row-major, for LISTA-CPSS {@code W} (K·m, n) row-major, W_k its rows k·m..(k+1)·m − 1. Layers past the
 * last parameterised one reuse the last layer's parameters.
 *
 * <p>Gradients summed over the block, with z̄ = v ⊙ 1[|z| > θ]:
 * θ̄ = −Σ sign(z)·z̄ (over entries not passed by selection), s̄ = −⟨Wᵀ(Au − b), z̄⟩, ū = z̄ − s·AᵀWz̄,
 * W̄_l = −s·(Au − b)·z̄ᵀ. Learned W takes s̄ as −⟨Au − b, Wz̄⟩ (the product ū needs anyway) wherever u ≠ 0, so
 * its plain steps keep no residual on the support.
 *
 * <p>Not thread-safe (workspaces); see {@link FixedPointMap}.
 */
public final class SparseCodingMap implements FixedPointMap {
  private final SparseModel model;
  private final SupportSelection support;
  private final int m;
  private final int n;
  private final int layers;
  private final double[] a;
  private final ParamLayout layout;
  private final int thetaOff;
  private final int stepOff;
  private final int wOff;
  private final BLAS blas = Blas.get();

  private final double[] theta;
  private final double[] step;
  /** Fixed W only: M = WᵀA (the Gram matrix AᵀA when W = A); empty for learned W. */
  private final double[] gram;
  /** ALISTA only: Wᵀ (n×m column-major); null otherwise. */
  private final double[] wt;

  private double[] data;
  private int cols;
  /** Fixed W only: d = Wᵀb of the bound block. */
  private double[] d = new double[0];
  private double[] zbuf = new double[0];
  private double[] zbar = new double[0];
  private double[] scratch = new double[0];
  /** The factored products of the learned-W models (null otherwise). */
  private final LearnedWeights learned;
  private final double[] mag;
  private long[] passedWork;
  private final double[] thetaStepBar = new double[2];

  /** Without support selection; ALISTA's W is computed from A. */
  public SparseCodingMap(SparseModel model, double[] a, int m, int n, int layers) {
    this(model, a, m, n, layers, SupportSelection.OFF, null);
  }

  /**
   * @param model which model
   * @param a dictionary A, m×n column-major; copied
   * @param m rows of A (signal length)
   * @param n columns of A (code length)
   * @param layers number of trained layers K (used for the layer-wise layouts only)
   * @param support support selection ({@link SupportSelection#OFF} for none)
   * @param fixedW ALISTA only: W (m×n column-major) from {@link AlistaWeights#compute}, or null to compute it here;
   *     not retained
   */
  public SparseCodingMap(SparseModel model, double[] a, int m, int n, int layers, SupportSelection support,
      double[] fixedW) {
    if (a.length != (long) m * n) {
      throw new IllegalArgumentException("dictionary has " + a.length + " entries, expected m*n = " + (long) m * n);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    this.model = model;
    this.support = support;
    this.m = m;
    this.n = n;
    this.layers = model.layerwise() ? layers : 1;
    this.a = a.clone();
    this.layout = SparseCodingWeights.layout(model, this.layers, m, n);
    this.thetaOff = layout.offset("theta");
    this.stepOff = model.hasStep() ? layout.offset("step") : -1;
    this.wOff = model.learnsW() ? layout.offset("W") : -1;
    this.theta = new double[this.layers];
    this.step = new double[this.layers];
    boolean fixed = !model.learnsW();
    this.gram = fixed ? new double[n * n] : null;
    this.wt = model == SparseModel.ALISTA ? new double[m * n] : null;
    if (fixed) {
      SparseCodingWeights.fixed(blas, model, this.a, m, n, fixedW, gram, wt);
    }
    this.mag = support.enabled() ? new double[n] : null;
    this.learned = fixed ? null : new LearnedWeights(blas, this.a, m, n, model == SparseModel.LISTA_CPSS ? this.layers : 1);
  }

  /**
   * Initial ω: θ = theta0 and s = step0 in every layer; W = A for LISTA-tied, W_k = step0·A for LISTA-CPSS (so that
   * its first iterate equals ISTA's with step step0).
   */
  public double[] initialOmega(double theta0, double step0) {
    return SparseCodingWeights.initialOmega(model, layout, layers, a, m, n, theta0, step0);
  }

  /** ‖WᵀA‖₂ (largest singular value of M, by power iteration on MᵀM): the step unit of ALISTA. */
  public double operatorNorm() {
    return Math.sqrt(Spectral.lipschitz(gram, n, n));
  }

  public SparseModel model() {
    return model;
  }

  @Override
  public int dim() {
    return n;
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public int distinctLayers() {
    return layers;
  }

  @Override
  public void bind(double[] omega) {
    if (omega.length != layout.size()) {
      throw new IllegalArgumentException("omega has " + omega.length + " entries, layout " + layout + " needs "
          + layout.size());
    }
    System.arraycopy(omega, thetaOff, theta, 0, layers);
    if (stepOff >= 0) {
      System.arraycopy(omega, stepOff, step, 0, layers);
    } else {
      java.util.Arrays.fill(step, 1.0);
    }
    if (learned != null) {
      learned.bind(omega, wOff);
    }
    data = null;
  }

  @Override
  public void bindBlock(double[] b, int cols) {
    if (b.length < (long) m * cols) {
      throw new IllegalArgumentException("block data has " + b.length + " entries, need m*cols = " + m * cols);
    }
    this.data = b;
    this.cols = cols;
    int size = n * cols;
    if (zbuf.length < size) {
      zbuf = new double[size];
      zbar = new double[size];
      scratch = new double[size];
    }
    if (learned != null) {
      learned.ensure(cols);
    }
    if (support.enabled()) {
      passedWork = BitMask.ensure(passedWork, size);
    }
    if (learned == null) {
      if (d.length < size) {
        d = new double[size];
      }
      if (wt != null) {
        blas.dgemm("N", "N", n, cols, m, 1.0, wt, n, b, m, 0.0, d, n);
      } else {
        blas.dgemm("T", "N", n, cols, m, 1.0, a, m, b, m, 0.0, d, n);
      }
    }
  }

  @Override
  public Linearization newRecord() {
    return new SoftThresholdRecord();
  }

  @Override
  public void apply(int layer, double[] u, double[] out, Linearization record) {
    step(layer, u, 0.0, 0.0, null, 1.0, out, record);
  }

  /** Fused: one DGEMM (q = Mu) and one element pass that thresholds, relaxes, records and sums the change. */
  @Override
  public void applyRelaxed(int layer, int cols, double[] u, double a, double cx, double[] x, double ct,
      double[] out, double[] work, Linearization record) {
    requireCols(cols);
    step(layer, u, a, cx, x, ct, out, record);
  }

  private void step(int layer, double[] u, double selfW, double cx, double[] x, double ct, double[] out,
      Linearization record) {
    requireBlock();
    int l = Math.min(layer, layers - 1);
    double th = theta[l] + 0.0; // −0.0 → +0.0 for the sign-bit support test
    double s = step[l];
    int size = n * cols;
    double[] q = zbuf;
    double[] dd;
    // u⁰ = 0 (the first step of every cold run): the product with 0 is 0 exactly, skip the DGEMM
    boolean zeroU = Vectors.isZero(u, size);
    SoftThresholdRecord rec = (SoftThresholdRecord) record;
    if (rec != null) {
      rec.prepare(size);
    }
    if (learned != null) {
      double[] r = rec != null ? rec.dataResidual(m * cols) : learned.residualWork();
      learned.forward(l, u, zeroU, data, cols, r, q);
      dd = learned.zeros();
    } else {
      dd = d;
      if (zeroU) {
        java.util.Arrays.fill(q, 0, size, 0.0);
      } else {
        blas.dgemm("N", "N", n, cols, n, 1.0, gram, n, u, n, 0.0, q, n);
      }
    }
    int count = support.count(layer, n);
    if (count > 0) {
      long[] passed = rec != null ? rec.preparePassed() : passedWork;
      SelectedThresholdKernels.forward(n, cols, count, u, q, dd, s, th, selfW, cx, x, ct, out, rec, scratch, mag,
          passed);
    } else if (rec == null) {
      SoftThresholdKernels.forward(size, u, q, dd, s, th, selfW, cx, x, ct, out);
    } else {
      // learned W: s̄ comes from the data residual in the adjoint (−⟨r, W z̄⟩), except after u = 0, where the
      // adjoint usually has no ū to form W z̄ for
      SoftThresholdKernels.forwardRecorded(size, u, q, dd, s, th, selfW, cx, x, ct, out, rec, scratch,
          learned == null || zeroU);
    }
  }

  @Override
  public void vjp(int layer, Linearization record, double[] v, double[] outU, double[] gOmega) {
    adjoint(layer, record, v, 0.0, 1.0, outU, gOmega);
  }

  /** Fused: one element pass (mask, θ̄, s̄, a·v + z̄) and one DGEMM (−s·Mᵀz̄), skipped when outU is null. */
  @Override
  public void vjpRelaxed(int layer, int cols, Linearization record, double[] v, double a, double ct,
      double[] outU, double[] gOmega, double[] work) {
    requireCols(cols);
    adjoint(layer, record, v, a, ct, outU, gOmega);
  }

  private void adjoint(int layer, Linearization record, double[] v, double selfW, double ct, double[] outU,
      double[] gOmega) {
    requireBlock();
    SoftThresholdRecord rec = (SoftThresholdRecord) record;
    int l = Math.min(layer, layers - 1);
    double s = step[l];
    int size = n * cols;
    double[] sums = thetaStepBar;
    sums[0] = 0.0;
    sums[1] = 0.0;
    // learned W with ū = z̄ − s·Aᵀ(W z̄) (no a·v term): z̄ is written once, into outU, which the products read before
    // they add into it; one n×B stream fewer than z̄ and a copy of it in ū
    boolean inPlace = learned != null && outU != null && selfW == 0.0 && !rec.selected;
    double[] zb = inPlace ? outU : zbar;
    if (rec.selected) {
      SelectedThresholdKernels.adjoint(size, rec, v, selfW, ct, zb, outU, sums);
    } else {
      SoftThresholdKernels.adjoint(size, rec, v, selfW, ct, zb, inPlace ? null : outU, sums);
    }
    if (learned != null) {
      boolean stepBar = gOmega != null && stepOff >= 0 && !rec.residualKept;
      sums[1] += learned.adjoint(l, s, zb, rec.dataResidual, cols, outU, gOmega, wOff + l * m * n, stepBar);
    } else if (outU != null) {
      blas.dgemm(wt != null ? "T" : "N", "N", n, cols, n, -s, gram, n, zb, n, 1.0, outU, n);
    }
    if (gOmega == null) {
      return;
    }
    gOmega[thetaOff + l] += sums[0];
    if (stepOff >= 0) {
      gOmega[stepOff + l] += sums[1];
    }
  }

  private void requireCols(int c) {
    if (c != cols) {
      throw new IllegalArgumentException("block has " + cols + " columns, call passed " + c);
    }
  }

  private void requireBlock() {
    if (data == null) {
      throw new IllegalStateException("bindBlock must be called after bind and before apply/vjp");
    }
  }
}
