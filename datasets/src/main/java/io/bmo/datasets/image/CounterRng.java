package io.bmo.datasets.image;

/**
 * Counter-based random numbers: the stream of example {@code index} under {@code seed} depends only on
 * ({@code seed}, {@code index}), never on partitioning or on which other examples were drawn (STYLE §12).
 *
 * <p>Generator: SplitMix64 (Steele, Lea &amp; Flood 2014) started at {@code s₀ = mix(seed + mix(index + γ))},
 * {@code γ = 0x9E3779B97F4A7C15}; doubles are the top 53 bits; Gaussians come from Box–Muller with
 * {@link StrictMath}, so results are bit-identical on every JVM. Both Box–Muller outputs are used (the second is
 * cached), so a stream is a pure function of the number of draws.
 *
 * <p>Not thread-safe; create one per example (cheap).
 */
public final class CounterRng {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;
  private double spare;
  private boolean hasSpare;

  private CounterRng(long state) {
    this.state = state;
  }

  /** The stream of example {@code index} under {@code seed}. */
  public static CounterRng of(long seed, long index) {
    return new CounterRng(mix(seed + mix(index + GAMMA)));
  }

  /** SplitMix64 output function (a bijection on 64-bit words). */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1), multiples of 2⁻⁵³. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound), bound ≥ 1 (multiply-shift; bias below 2⁻³² for the bounds used here). */
  public int nextInt(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Standard normal by Box–Muller. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
    double u2 = nextDouble();
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
    double a = 2.0 * StrictMath.PI * u2;
    spare = r * StrictMath.sin(a);
    hasSpare = true;
    return r * StrictMath.cos(a);
  }
}
