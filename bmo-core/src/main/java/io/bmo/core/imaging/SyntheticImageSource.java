package io.bmo.core.imaging;


/**
 * Imaging examples generated on demand: clean image i is {@link SyntheticImages#image(long) images.image(i)}, its
 * observation {@code y_i = K x*_i + σ n_i} with noise from ({@link Degradation#seed()}, i). Nothing is stored, so a
 * Spark task regenerates exactly its own shard. Use different image seeds (and noise seeds) for training and test
 * sets; the noise seed must differ from the image seed (both are {@link io.bmo.core.random.SeededRandom} streams indexed by i).
 *
 * @param images clean-image generator (its size is the example shape)
 * @param count N ≥ 1
 * @param degradation K, σ and the noise seed
 */
public record SyntheticImageSource(SyntheticImages images, long count, Degradation degradation) implements ImageSource {
  public SyntheticImageSource {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one synthetic image, got " + count);
    }
    if (degradation.seed() == images.seed() && degradation.noiseSigma() > 0) {
      throw new IllegalArgumentException("noise seed must differ from the image seed " + images.seed());
    }
  }

  /** Noise seed derived from an image seed: a SplitMix64 scramble, different from {@code seed} itself. */
  public static long noiseSeed(long seed) {
    return io.bmo.core.random.SeededRandom.mix64(seed ^ 0x6E6F697365L);
  }

  @Override
  public ImageShape shape() {
    return new ImageShape(images.height(), images.width());
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void gather(long[] indices, int from, int n, double[] clean, double[] degraded) {
    ImageShape shape = shape();
    int px = shape.pixels();
    long[] idx = new long[n];
    for (int b = 0; b < n; b++) {
      long i = indices[from + b];
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("example " + i + " outside [0, " + count + ")");
      }
      idx[b] = i;
      System.arraycopy(images.image(i).pixels(), 0, clean, b * px, px);
    }
    double[] y = degradation.applyBlock(clean, shape, idx);
    System.arraycopy(y, 0, degraded, 0, n * px);
  }
}
