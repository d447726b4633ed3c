package io.bmo.core.operator;

/**
 * Linearization of a soft-threshold step T(u) = S_θ(u − s·(Mu − d)) at one point, bit-packed.
 *
 * <p>Stores, for an n×B block: the support of the threshold {@code |z| > θ} (1 bit per entry), the sign of z on it
 * (1 bit per entry), and the input iterate u in compressed form — a position bit mask plus its non-zero values in
 * order. u is needed only for the step-size and dictionary gradients and is sparse after soft-thresholding, so for
 * typical sparse-coding blocks this is far smaller than one dense iterate. Nothing else is kept: the adjoint
 * recomputes Mᵀz̄ instead of storing intermediates.
 */
public final class SoftThresholdRecord implements Linearization {
  long[] active;
  long[] negative;
  long[] uPositions;
  double[] uValues = new double[0];
  int uNonZeros;
  int size;

  void prepare(int entries) {
    size = entries;
    active = BitMask.ensure(active, entries);
    negative = BitMask.ensure(negative, entries);
    uPositions = BitMask.ensure(uPositions, entries);
    int w = BitMask.words(entries);
    java.util.Arrays.fill(active, 0, w, 0L);
    java.util.Arrays.fill(negative, 0, w, 0L);
    java.util.Arrays.fill(uPositions, 0, w, 0L);
  }

  /** Records u compactly (two passes: count, then copy, so the value buffer grows at most once per size). */
  void recordInput(double[] u) {
    int nnz = 0;
    for (int i = 0; i < size; i++) {
      if (u[i] != 0.0) {
        nnz++;
      }
    }
    if (uValues.length < nnz) {
      uValues = new double[Math.max(nnz, Math.min(size, uValues.length * 2))];
    }
    int c = 0;
    long[] pos = uPositions;
    for (int i = 0; i < size; i++) {
      double x = u[i];
      if (x != 0.0) {
        pos[i >>> 6] |= 1L << i;
        uValues[c++] = x;
      }
    }
    uNonZeros = nnz;
  }

  /** Σ_i u_i·w_i over the recorded input u. */
  double dotInput(double[] w) {
    double s = 0.0;
    int c = 0;
    long[] pos = uPositions;
    int words = BitMask.words(size);
    for (int wi = 0; wi < words; wi++) {
      long bits = pos[wi];
      while (bits != 0) {
        int i = (wi << 6) + Long.numberOfTrailingZeros(bits);
        s += uValues[c++] * w[i];
        bits &= bits - 1;
      }
    }
    return s;
  }

  /** Writes the recorded input densely into {@code out} (first {@code size} entries). Modified. */
  void expandInput(double[] out) {
    java.util.Arrays.fill(out, 0, size, 0.0);
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

  /** Non-zeros of the recorded input. */
  public int inputNonZeros() {
    return uNonZeros;
  }

  @Override
  public long bytesUsed() {
    return 3L * BitMask.words(size) * Long.BYTES + (long) uNonZeros * Double.BYTES;
  }
}
