package io.bmo.core.sparsecoding;

import io.bmo.core.operator.BitMask;
import io.bmo.core.operator.Linearization;
import java.util.Arrays;

/**
 * Linearization of a soft-threshold step T(u) = S_θ(z), z = u − s·r, r = Mu − d, at one point, bit-packed.
 *
 * <p>Stores, for an n×B block:
 * <ul>
 *   <li>the support {@code |z| > θ} (1 bit per entry) and the sign of z (1 bit per entry) — all the u-adjoint
 *       z̄ = v ⊙ 1[|z| > θ] and θ̄ = −Σ sign(z)·z̄ need;</li>
 *   <li>the residual r on the support only, in index order (8 bytes per active entry) — for s̄ = −Σ r·z̄, which
 *       vanishes off the support;</li>
 *   <li>for LISTA-tied only ({@code keepInput}), the input u compressed (position bits plus its non-zero values),
 *       for W̄ = −s·(Au − b)·z̄ᵀ;</li>
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
  int activeCount;
  long[] uPositions;
  double[] uValues = new double[0];
  int uNonZeros;
  boolean hasInput;
  /** Entries passed unthresholded by support selection (valid when {@link #selected}). */
  long[] passed;
  boolean selected;
  int size;

  /** Sizes the masks for {@code entries} entries (contents are overwritten word by word by the kernels). */
  void prepare(int entries, boolean keepInput) {
    size = entries;
    active = BitMask.ensure(active, entries);
    negative = BitMask.ensure(negative, entries);
    hasInput = keepInput;
    selected = false;
    uNonZeros = 0;
    activeCount = 0;
    if (keepInput) {
      uPositions = BitMask.ensure(uPositions, entries);
      Arrays.fill(uPositions, 0, BitMask.words(entries), 0L);
    }
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
  }

  /**
   * Records u compactly in two branch-free passes: the non-zero positions into the bit mask (counted by bit counts),
   * then the values packed in order, each written at the next free slot whether it is kept or not (so the value buffer
   * needs one slot past the count, and grows at most once per size).
   */
  void recordInput(double[] u) {
    long[] pos = uPositions;
    int words = BitMask.words(size);
    int nnz = 0;
    for (int w = 0; w < words; w++) {
      long bits = 0L;
      int base = w << 6;
      int end = Math.min(64, size - base);
      for (int b = 0; b < end; b++) {
        bits |= (u[base + b] != 0.0 ? 1L : 0L) << b;
      }
      pos[w] = bits;
      nnz += Long.bitCount(bits);
    }
    if (uValues.length < nnz + 1) {
      uValues = new double[Math.max(nnz + 1, Math.min(size + 1, uValues.length * 2))];
    }
    double[] vals = uValues;
    int c = 0;
    for (int i = 0; i < size; i++) {
      double x = u[i];
      vals[c] = x;
      c += x != 0.0 ? 1 : 0;
    }
    uNonZeros = nnz;
  }

  /** Writes the recorded input densely into {@code out} (first {@code size} entries). Modified. */
  void expandInput(double[] out) {
    Arrays.fill(out, 0, size, 0.0);
    int c = 0;
    int words = BitMask.words(size);
    for (int wi = 0; wi < words; wi++) {
      long bits = uPositions[wi];
      while (bits != 0) {
        int i = (wi << 6) + Long.numberOfTrailingZeros(bits);
        out[i] = uValues[c++];
        bits &= bits - 1;
      }
    }
  }

  /** Non-zeros of the recorded input (0 unless the input was kept). */
  public int inputNonZeros() {
    return uNonZeros;
  }

  /** Entries on the support {@code |z| > θ}. */
  public int activeCount() {
    return activeCount;
  }

  /** Two bit masks (three with selection), the residual on the support, and (learned W) the compressed input. */
  @Override
  public long bytesUsed() {
    long words = BitMask.words(size);
    long b = (selected ? 3 : 2) * words * Long.BYTES + (long) activeCount * Double.BYTES;
    if (hasInput) {
      b += words * Long.BYTES + (long) uNonZeros * Double.BYTES;
    }
    return b;
  }
}
