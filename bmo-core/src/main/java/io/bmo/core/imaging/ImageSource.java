package io.bmo.core.imaging;

import java.io.Serializable;

/**
 * A deterministic, indexable set of imaging examples: clean image x*_i and degraded observation y_i, all of one
 * {@link ImageShape}. Example i depends only on i (and the source's own seeds), never on which other examples are read
 * or in what order (STYLE §12). Serializable so Spark tasks can read or regenerate their shard on the executors.
 *
 * <p>Blocks use the layout of {@link ImageShape}: image b of a block starts at {@code b · shape().pixels()}.
 */
public interface ImageSource extends Serializable {
  /** Shape of every image. */
  ImageShape shape();

  /** Number of examples N. */
  long size();

  /**
   * Writes examples {@code indices[from .. from+count)} as images 0..count−1 of a block.
   *
   * @param clean at least {@code count · pixels} values: x*. Modified.
   * @param degraded same length: y. Modified.
   */
  void gather(long[] indices, int from, int count, double[] clean, double[] degraded);

  /** Writes examples {@code first .. first+count−1}; the same images as {@link #gather} of those indices. */
  default void fill(long first, int count, double[] clean, double[] degraded) {
    long[] idx = new long[count];
    for (int i = 0; i < count; i++) {
      idx[i] = first + i;
    }
    gather(idx, 0, count, clean, degraded);
  }
}
