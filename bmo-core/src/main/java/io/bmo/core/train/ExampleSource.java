package io.bmo.core.train;

import java.io.Serializable;

/**
 * A deterministic, indexable set of sparse-coding examples (b_i ∈ ℝ^m, x_i ∈ ℝ^n): example i depends only on i
 * (and the source's own seed), never on which other examples are read or in what order. Implementations must be
 * serializable so Spark tasks can regenerate or read their shard on the executors.
 */
public interface ExampleSource extends Serializable {
  /** Signal length m. */
  int signalDim();

  /** Code length n. */
  int codeDim();

  /** Number of examples N. */
  long size();

  /**
   * Writes examples first..first+count−1 as columns of column-major blocks.
   *
   * @param b m×count. Modified.
   * @param x n×count. Modified.
   */
  void fill(long first, int count, double[] b, double[] x);

  /**
   * Writes the examples {@code indices[from..from+count)} as columns (gather). The default reads them one at a
   * time through {@link #fill}; example i is the same either way.
   */
  default void gather(long[] indices, int from, int count, double[] b, double[] x) {
    int m = signalDim();
    int n = codeDim();
    double[] bi = new double[m];
    double[] xi = new double[n];
    for (int c = 0; c < count; c++) {
      fill(indices[from + c], 1, bi, xi);
      System.arraycopy(bi, 0, b, c * m, m);
      System.arraycopy(xi, 0, x, c * n, n);
    }
  }
}
