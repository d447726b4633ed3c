package io.bmo.core.random;

/**
 * A small counter-based random number generator: the numbers drawn for a given {@code (seed, stream, index)} are
 * fixed by this class's documented arithmetic alone, so they are identical on every JVM, in every thread, whatever
 * else was generated before. Not thread-safe: one instance per thread.
 *
 * <p><b>Why our own.</b> Example i of a data set depends only on (seed, i), bit for bit on every JVM, partitioning
 * and cluster, so the draw for (seed, stream, index) must be one documented formula with random access by index,
 * its Gaussians included: the JDK's generators and their {@code nextGaussian} are not pinned across JDK versions
 * (below), and a library generator would tie every stored data set to that library's version and seeding scheme
 * for a dozen lines of arithmetic that a Python restatement pins.
 *
 * <p><b>Algorithm</b> (all arithmetic on 64-bit two's-complement longs, wrapping; {@code >>>} is the unsigned shift):
 * <pre>
 *   mix64(z)  = SplitMix64 finalizer:  z = (z ^ (z &gt;&gt;&gt; 30)) * 0xBF58476D1CE4E5B9;
 *                                     z = (z ^ (z &gt;&gt;&gt; 27)) * 0x94D049BB133111EB;
 *                                     return z ^ (z &gt;&gt;&gt; 31)
 *   key       = mix64(mix64(seed + GAMMA) + stream * STREAM_GAMMA)
 *   state₀    = mix64(key + index * GAMMA)
 *   nextLong  : state += GAMMA; return mix64(state)                  (SplitMix64 step)
 *   nextDouble: (nextLong() &gt;&gt;&gt; 11) * 2⁻⁵³                       (uniform on [0, 1), 53 random bits)
 * </pre>
 * with {@code GAMMA = 0x9E3779B97F4A7C15} and {@code STREAM_GAMMA = 0xD1B54A32D192ED03} (both odd). {@code mix64} is a
 * bijection and multiplication by an odd constant is too, so for a fixed {@code (seed, stream)} distinct indices give
 * distinct starting states; the sequences are windows of SplitMix64's single 2⁶⁴-period cycle at pseudo-random
 * offsets, so two windows of k draws each overlap with probability about 2k / 2⁶⁴.
 *
 * <p>{@code nextGaussian} is Box–Muller: draw {@code u₁ = 1 − nextDouble()} ∈ (0, 1] and {@code u₂ = nextDouble()},
 * {@code r = √(−2 ln u₁)}, {@code θ = 2π u₂}; return {@code r cos θ} and keep {@code r sin θ} for the next call.
 * {@code log}, {@code sqrt}, {@code cos} and {@code sin} come from {@link StrictMath} (fdlibm), whose results are
 * specified bit for bit, unlike {@link Math}'s. {@code java.util.Random}, {@code SplittableRandom} and
 * {@code RandomGenerator.nextGaussian} are avoided on purpose: their algorithms are not pinned across JDK versions.
 *
 * <p>{@code src/test/resources/rng/seeded_random_reference.py} restates the algorithm in Python; the test pins the
 * Java output to it.
 */
public final class SeededRandom {

  /** 2⁶⁴ / φ, odd: SplitMix64's increment. */
  static final long GAMMA = 0x9E3779B97F4A7C15L;
  /** A second odd constant (from the R2 sequence) so that stream and index are mixed differently. */
  static final long STREAM_GAMMA = 0xD1B54A32D192ED03L;
  private static final double TWO_PI = 2 * Math.PI;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private final long key;
  private long state;
  private double spare;
  private boolean hasSpare;

  /** The generator for {@code (seed, stream, index)}, positioned at its first draw. */
  public SeededRandom(long seed, long stream, long index) {
    this.key = mix64(mix64(seed + GAMMA) + stream * STREAM_GAMMA);
    reset(index);
  }

  /** Repositions this generator at the first draw of {@code (seed, stream, index)}, same seed and stream. */
  public void reset(long index) {
    state = mix64(key + index * GAMMA);
    hasSpare = false;
  }

  /** The SplitMix64 finalizer (Stafford's variant 13): a bijection on 64-bit values with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64 uniformly distributed bits. */
  public long nextLong() {
    state += GAMMA;
    return mix64(state);
  }

  /** Uniform on [0, 1): a multiple of 2⁻⁵³. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform integer in [0, bound), bound ≥ 1, by multiply-shift of 32 random bits (bias below 2⁻³² · bound). */
  public int nextInt(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Standard normal N(0, 1) by Box–Muller with StrictMath (class comment); consumes two doubles every other call. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u1 = 1.0 - nextDouble(); // (0, 1], so the log is finite
    double u2 = nextDouble();
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
    double theta = TWO_PI * u2;
    spare = r * StrictMath.sin(theta);
    hasSpare = true;
    return r * StrictMath.cos(theta);
  }
}
