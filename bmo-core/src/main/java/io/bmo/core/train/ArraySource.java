package io.bmo.core.train;

/**
 * Examples held in memory: {@code b} as N×m and {@code x} as N×n row-major arrays (one example per row, the layout
 * of {@code signals.npy} / {@code codes.npy}).
 */
public final class ArraySource implements ExampleSource {
  private static final long serialVersionUID = 1L;
  private final int m;
  private final int n;
  private final int count;
  private final double[] b;
  private final double[] x;

  public ArraySource(int m, int n, double[] signalsRowMajor, double[] codesRowMajor) {
    if (signalsRowMajor.length % m != 0 || codesRowMajor.length % n != 0
        || signalsRowMajor.length / m != codesRowMajor.length / n) {
      throw new IllegalArgumentException("signals (" + signalsRowMajor.length / Math.max(m, 1) + " rows of " + m
          + ") and codes (" + codesRowMajor.length / Math.max(n, 1) + " rows of " + n + ") disagree");
    }
    this.m = m;
    this.n = n;
    this.count = signalsRowMajor.length / m;
    this.b = signalsRowMajor;
    this.x = codesRowMajor;
  }

  @Override
  public int signalDim() {
    return m;
  }

  @Override
  public int codeDim() {
    return n;
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void fill(long first, int cols, double[] bb, double[] xx) {
    // Row i of the N×m row-major matrix is exactly column i of an m×N column-major one.
    System.arraycopy(b, (int) first * m, bb, 0, cols * m);
    System.arraycopy(x, (int) first * n, xx, 0, cols * n);
  }
}
