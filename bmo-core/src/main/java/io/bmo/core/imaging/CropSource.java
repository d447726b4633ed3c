package io.bmo.core.imaging;

import java.util.List;

/**
 * Imaging examples held in memory: clean crops (e.g. from {@link Crops#cut} of image files) and their degradation
 * {@code y_i = K x*_i + σ n_i} generated on demand from ({@link Degradation#seed()}, i), so example i depends only on
 * (crop i, seed, i) whatever shard or block reads it.
 */
public final class CropSource implements ImageSource {
  private static final long serialVersionUID = 1L;
  private final ImageShape shape;
  private final double[] crops;
  private final int count;
  private final Degradation degradation;

  /**
   * @param crops at least one, all of the same shape (stacked, not kept)
   * @param degradation K, σ and the noise seed
   */
  public CropSource(List<GrayImage> crops, Degradation degradation) {
    if (crops.isEmpty()) {
      throw new IllegalArgumentException("need at least one crop");
    }
    this.shape = crops.get(0).shape();
    this.crops = GrayImage.stack(crops);
    this.count = crops.size();
    this.degradation = degradation;
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public long size() {
    return count;
  }

  public Degradation degradation() {
    return degradation;
  }

  @Override
  public void gather(long[] indices, int from, int n, double[] clean, double[] degraded) {
    int px = shape.pixels();
    long[] idx = new long[n];
    for (int b = 0; b < n; b++) {
      long i = indices[from + b];
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("example " + i + " outside [0, " + count + ")");
      }
      idx[b] = i;
      System.arraycopy(crops, (int) i * px, clean, b * px, px);
    }
    double[] y = degradation.applyBlock(clean, shape, idx);
    System.arraycopy(y, 0, degraded, 0, n * px);
  }
}
