package io.bmo.core.operator;

import io.bmo.core.param.ParamLayout;

/**
 * A batched fixed-point map {@code u ↦ T_l(u; ω)} acting on a block of signals.
 *
 * <p>A block is an {@code n×B} column-major matrix, one signal per column. The map is used in three phases:
 * {@link #bind(double[])} with the current ω (precomputes ω-dependent matrices such as WᵀA), then
 * {@link #bindBlock(double[], int)} with a block of data, then any number of {@link #apply} and {@link #vjp} calls
 * for layers {@code l = 0, 1, …}. Unrolled and implicit hypergradients are built only from {@code apply} and
 * {@code vjp}, whichever solver produced the point.
 *
 * <p>Instances hold workspaces sized to the largest block seen and are <b>not thread-safe</b>: use one per thread
 * or task.
 */
public interface FixedPointMap {
  /** Signal dimension n. */
  int dim();

  /** Layout of ω. */
  ParamLayout layout();

  /** Number of distinct parameterised layers (1 for tied weights, K for layer-wise). */
  int distinctLayers();

  /**
   * Precomputes everything that depends only on ω. Must be called before {@link #bindBlock} and again whenever ω
   * changes.
   *
   * @param omega hyperparameters, laid out as {@link #layout()}; not modified, not retained beyond the next bind
   */
  void bind(double[] omega);

  /**
   * Attaches a block of data (for sparse coding: observations b as an m×cols column-major matrix) and precomputes
   * what depends on it (e.g. Aᵀb).
   *
   * @param data the block's observations; retained (not copied) until the next {@code bindBlock}
   * @param cols number of signals B in the block
   */
  void bindBlock(double[] data, int cols);

  /** Allocates an empty record for one step, to be reused by {@link #apply}. */
  Linearization newRecord();

  /**
   * {@code out = T_l(u)} column by column for the bound block.
   *
   * @param layer layer index l ≥ 0 (layers past {@link #distinctLayers()} reuse the last layer's parameters)
   * @param u input n×B, not modified
   * @param out result n×B. Modified. Must not alias {@code u}.
   * @param record if non-null, overwritten with what {@link #vjp} needs at this point
   */
  void apply(int layer, double[] u, double[] out, Linearization record);

  /**
   * Vector–Jacobian products at the point recorded in {@code record}:
   * {@code outU = (∂T_l/∂u)ᵀ v} and {@code gOmega += (∂T_l/∂ω)ᵀ v}, summed over the block's columns.
   *
   * @param v cotangent n×B, not modified
   * @param outU result n×B, or null to skip it. Modified.
   * @param gOmega gradient accumulator of length {@code layout().size()}, or null to skip it. Added into.
   */
  void vjp(int layer, Linearization record, double[] v, double[] outU, double[] gOmega);

  /**
   * One relaxed step with U = ℝⁿ, {@code out = a·u + cx·x + ct·T_l(u)} (the BMO/GKM update of
   * {@link io.bmo.core.solver.BmoConfig}), recording like {@link #apply}. Implementations may fuse the map with the
   * combination; the default applies the map into {@code work} and then combines, term by term in that order.
   *
   * @param cols number of columns B of the bound block
   * @param u input n×B, not modified
   * @param x targets n×B, read only when {@code cx ≠ 0}
   * @param out result n×B. Modified. Must not alias {@code u}.
   * @param work workspace n×B. Modified (implementations may leave it untouched).
   * @param record as in {@link #apply}
   */
  default void applyRelaxed(int layer, int cols, double[] u, double a, double cx, double[] x, double ct,
      double[] out, double[] work, Linearization record) {
    apply(layer, u, work, record);
    int size = dim() * cols;
    for (int i = 0; i < size; i++) {
      double y = a * u[i] + ct * work[i];
      if (cx != 0.0) {
        y += cx * x[i];
      }
      out[i] = y;
    }
  }

  /**
   * Adjoint of {@link #applyRelaxed} at the recorded point: {@code outU = a·v + (∂T_l/∂u)ᵀ(ct·v)} and
   * {@code gOmega += (∂T_l/∂ω)ᵀ(ct·v)}. The default scales v into {@code work} and calls {@link #vjp}.
   *
   * @param v cotangent of the step's output (n×B), not modified
   * @param outU result n×B, or null to skip it. Modified. Must not alias {@code v}.
   * @param gOmega gradient accumulator, or null. Added into.
   * @param work workspace n×B. Modified (implementations may leave it untouched).
   */
  default void vjpRelaxed(int layer, int cols, Linearization record, double[] v, double a, double ct,
      double[] outU, double[] gOmega, double[] work) {
    int size = dim() * cols;
    for (int i = 0; i < size; i++) {
      work[i] = ct * v[i];
    }
    vjp(layer, record, work, outU, gOmega);
    if (outU != null) {
      for (int i = 0; i < size; i++) {
        outU[i] = a * v[i] + outU[i];
      }
    }
  }
}
