package io.bmo.core.sparsecoding;

import io.bmo.core.train.ExampleSource;

/**
 * {@link ExampleSource} view of a {@link SparseCodingGenerator}: example i of this source is generator example
 * {@code offset + i}, so a held-out set uses the same dictionary and a disjoint index range (see
 * {@link #heldOut}). Serializable: the generator's dictionary travels with it, or is rebuilt from the spec.
 */
public final class SyntheticSource implements ExampleSource {
  private static final long serialVersionUID = 1L;
  /** Index stride between sets: 2^48 examples per set is far beyond any run. */
  public static final long SET_STRIDE = 1L << 48;

  private final SparseCodingGenerator generator;
  private final long offset;
  private final long count;

  public SyntheticSource(SparseCodingGenerator generator, long offset, long count) {
    if (count < 0 || offset < 0) {
      throw new IllegalArgumentException("offset and count must be >= 0");
    }
    this.generator = generator;
    this.offset = offset;
    this.count = count;
  }

  /** The training set: generator examples 0..count−1. */
  public static SyntheticSource training(SparseCodingGenerator g, long count) {
    return new SyntheticSource(g, 0, count);
  }

  /**
   * A held-out set selected by {@code setSeed} ≥ 1: generator examples starting at setSeed·2^48 (same dictionary,
   * disjoint from the training examples).
   */
  public static SyntheticSource heldOut(SparseCodingGenerator g, long setSeed, long count) {
    if (setSeed < 1 || setSeed >= (1L << 14)) {
      throw new IllegalArgumentException("test seed must be in [1, 16383], got " + setSeed);
    }
    return new SyntheticSource(g, setSeed * SET_STRIDE, count);
  }

  public SparseCodingGenerator generator() {
    return generator;
  }

  @Override
  public int signalDim() {
    return generator.spec().m();
  }

  @Override
  public int codeDim() {
    return generator.spec().n();
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void fill(long first, int cols, double[] b, double[] x) {
    if (first < 0 || first + cols > count) {
      throw new IndexOutOfBoundsException("examples " + first + ".." + (first + cols) + " outside 0.." + count);
    }
    generator.block(offset + first, cols, b, x);
  }
}
