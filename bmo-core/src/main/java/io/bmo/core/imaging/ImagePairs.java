package io.bmo.core.imaging;

/**
 * Imaging examples held in memory as given pairs (clean x*_i, observation y_i), e.g. the rows of one shard of a
 * caller's table; nothing is generated. Example i is pair i whatever block or shard reads it.
 */
public final class ImagePairs implements ImageSource {
  private static final long serialVersionUID = 1L;
  private final ImageShape shape;
  private final int count;
  private final double[] clean;
  private final double[] degraded;

  /**
   * @param shape shape of every image
   * @param count number of pairs
   * @param clean {@code count · pixels} values, image i at {@code i · pixels} (kept, not copied)
   * @param degraded the observations, same layout (kept, not copied)
   */
  public ImagePairs(ImageShape shape, int count, double[] clean, double[] degraded) {
    int px = shape.pixels();
    if (count < 0 || clean.length != (long) count * px || degraded.length != (long) count * px) {
      throw new IllegalArgumentException(count + " pairs of " + shape + " need " + (long) count * px
          + " values each, got " + clean.length + " and " + degraded.length);
    }
    this.shape = shape;
    this.count = count;
    this.clean = clean;
    this.degraded = degraded;
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void gather(long[] indices, int from, int n, double[] cleanOut, double[] degradedOut) {
    int px = shape.pixels();
    for (int b = 0; b < n; b++) {
      long i = indices[from + b];
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("example " + i + " outside [0, " + count + ")");
      }
      System.arraycopy(clean, (int) i * px, cleanOut, b * px, px);
      System.arraycopy(degraded, (int) i * px, degradedOut, b * px, px);
    }
  }
}
