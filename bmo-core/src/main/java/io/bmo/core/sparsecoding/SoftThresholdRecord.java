package io.bmo.core.sparsecoding;

import io.bmo.core.operator.BitMask;
import io.bmo.core.operator.Linearization;

/**
 * Linearization of a soft-threshold step T(u) = S_θ(z), z = u − s·r, r = Mu − d, at one point, bit-packed.
 *
 * <p>Stores, for an n×B block:
 * <ul>
 *   <li>the support {@code |z| > θ} (1 bit per entry) and the sign of z (1 bit per entry) — all the u-adjoint
 *       z̄ = v ⊙ 1[|z| > θ] and θ̄ = −Σ sign(z)·z̄ need;</li>
 *   <li>the residual r on the support only, in index order (8 bytes per active entry) — for s̄ = −Σ r·z̄, which
 *       vanishes off the support (a learned-W step from u ≠ 0 leaves it out: s̄ = −⟨A u − b, W z̄⟩ instead);</li>
 *   <li>for the learned-W models only, the data residual r = A u − b (m×B, dense), for W̄ = −s·z̄ rᵀ and
 *       ū = … − s·Aᵀ(W z̄) ({@link LearnedWeights});</li>
 *   <li>with support selection ({@link SupportSelection}) only, the passed entries (1 bit per entry), which have
 *       no θ̄ term.</li>
 * </ul>
 * Nothing else is kept: the adjoint recomputes Mᵀz̄. Buffers grow to the largest block seen and are then reused,
 * so recording allocates nothing in steady state.
 */
public final class SoftThresholdRecord implements Linearization {
  long[] active;
  long[] negative;
  /** r on the support, in index order, plus one slack entry (branch-free readers may touch index activeCount). */
  double[] residual = new double[1];
  /** Workspace of the adjoint's four partial sums of θ̄. */
  final double[] partial = new double[4];
  int activeCount;
  /**
   * Whether {@link #residual} holds this step's residual on the support; a learned-W step may leave it out and take
   * s̄ = −⟨r, W z̄⟩ from the data residual instead ({@link LearnedWeights#adjoint}).
   */
  boolean residualKept;
  /** Learned-W layers only: r = A u − b (m×B), dense. */
  double[] dataResidual = new double[0];
  int dataResidualSize;
  /** Entries passed unthresholded by support selection (valid when {@link #selected}). */
  long[] passed;
  boolean selected;
  int size;

  /** Sizes the masks for {@code entries} entries (contents are overwritten word by word by the kernels). */
  void prepare(int entries) {
    size = entries;
    active = BitMask.ensure(active, entries);
    negative = BitMask.ensure(negative, entries);
    selected = false;
    activeCount = 0;
    residualKept = false;
    dataResidualSize = 0;
  }

  /** Marks this record as one with support selection and sizes its pass mask (overwritten by the kernel). */
  long[] preparePassed() {
    passed = BitMask.ensure(passed, size);
    selected = true;
    return passed;
  }

  /** Keeps {@code scratch[0..count)} as the residual on the support. */
  void keepResidual(double[] scratch, int count) {
    if (residual.length < count + 1) {
      residual = new double[Math.max(count + 1, Math.min(size + 1, residual.length * 2))];
    }
    System.arraycopy(scratch, 0, residual, 0, count);
    residual[count] = 0.0;
    activeCount = count;
    residualKept = true;
  }

  /** Records a support of {@code count} entries whose residual was not kept. */
  void dropResidual(int count) {
    activeCount = count;
    residualKept = false;
  }

  /**
   * The data-residual buffer of a learned-W layer, at least {@code entries} long, into which the forward pass writes
   * r = A u − b (kept for W̄ = −s·z̄ rᵀ).
   */
  double[] dataResidual(int entries) {
    if (dataResidual.length < entries) {
      dataResidual = new double[entries];
    }
    dataResidualSize = entries;
    return dataResidual;
  }

  /** Entries on the support {@code |z| > θ}. */
  public int activeCount() {
    return activeCount;
  }

  /** Two bit masks (three with selection), the residual on the support, and (learned W) the data residual. */
  @Override
  public long bytesUsed() {
    long words = BitMask.words(size);
    return (selected ? 3 : 2) * words * Long.BYTES
        + ((residualKept ? (long) activeCount : 0L) + dataResidualSize) * Double.BYTES;
  }
}
