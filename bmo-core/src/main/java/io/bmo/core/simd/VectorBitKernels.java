package io.bmo.core.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Two bit-mask element passes written with the JDK's vector API, which the JIT does not vectorise by itself: the
 * support and sign bits of an array, as the sparse-coding layers record them, and the masked pass of their adjoint.
 * Each covers the whole words or groups of an array, the caller's scalar loop the rest, and gives exactly the bits of
 * that loop (the sparse-coding element passes, whose tests compare the two): the same integer bit operations on the
 * raw bits of each entry, the same products, and sums taken in the same order.
 * No vector is carried from one loop iteration to the next: this JIT would box it on every iteration; negation is
 * written as 0 − x.
 *
 * <p>Reach it only when {@link Simd#AVAILABLE} is true (the module {@code jdk.incubator.vector} is resolved and the
 * CPU has vectors of at least 256 bits); otherwise the class cannot load.
 */
public final class VectorBitKernels {
  /** The widest long vectors the JIT maps to registers here (a power of two lanes, so it divides 64). */
  private static final VectorSpecies<Long> WIDE = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> WIDE_D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> FOUR = LongVector.SPECIES_256;
  private static final VectorSpecies<Double> FOUR_D = DoubleVector.SPECIES_256;
  /** Lane index j in every lane (the shift that puts lane j's bit at position j). */
  private static final LongVector WIDE_IOTA = iota(WIDE);
  private static final LongVector WIDE_ZERO = LongVector.zero(WIDE);
  private static final LongVector FOUR_IOTA = iota(FOUR);
  private static final LongVector FOUR_ZERO = LongVector.zero(FOUR);

  private VectorBitKernels() {}

  /**
   * Whether the preferred vectors have at least 4 double lanes, so that the passes run in registers.
   *
   * @return true when the passes can run here
   */
  static boolean usable() {
    return WIDE_D.length() >= 4;
  }

  /**
   * Runs both passes {@code rounds} times on 512 entries (zeros, both signs; with and without {@code outU}, with
   * {@code a} zero and not), so that the JIT compiles them, with the vector operations as machine instructions,
   * before a caller needs them. Until then each vector operation runs as ordinary Java code, about a hundred times
   * slower than the scalar loops.
   *
   * @param rounds calls of each pass
   */
  static void warmUp(int rounds) {
    int n = 512;
    double[] out = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i % 3 == 0 ? 0.0 : (i % 5 < 2 ? -1.0 : 1.0) * (i + 1) / n;
      v[i] = (i % 7 - 3) / 8.0;
    }
    long[] act = new long[n / 64];
    long[] neg = new long[n / 64];
    double[] zbar = new double[n];
    double[] outU = new double[n];
    double[] partial = new double[4];
    for (int r = 0; r < rounds; r++) {
      recordWords(n / 64, out, act, neg);
      adjointGroups(n / 4, act, neg, v, (r & 1) == 0 ? 0.0 : 0.5, 1.0, zbar, (r & 2) == 0 ? outU : null, partial);
    }
  }

  private static LongVector iota(VectorSpecies<Long> species) {
    long[] lanes = new long[species.length()];
    for (int j = 0; j < lanes.length; j++) {
      lanes[j] = j;
    }
    return LongVector.fromArray(species, lanes, 0);
  }

  /**
   * The support bits (entry ≠ ±0) and sign bits (negative and in the support) of the first {@code 64·words} entries of
   * {@code out} into {@code act[0..words)} and {@code neg[0..words)}, bit i of word i/64 for entry i.
   *
   * @param words whole 64-entry words to pack
   * @param out the entries, not modified
   * @param act support bits. Modified.
   * @param neg sign bits. Modified.
   * @return the number of support bits set
   */
  public static int recordWords(int words, double[] out, long[] act, long[] neg) {
    int lanes = WIDE.length();
    int count = 0;
    for (int wi = 0; wi < words; wi++) {
      int w0 = wi << 6;
      long actWord = 0L;
      long negWord = 0L;
      for (int g = 0; g < 64; g += lanes) {
        LongVector bits = DoubleVector.fromArray(WIDE_D, out, w0 + g).reinterpretAsLongs();
        LongVector mag = bits.lanewise(VectorOperators.LSHL, 1);
        LongVector on = mag.or(WIDE_ZERO.sub(mag)).lanewise(VectorOperators.LSHR, 63);
        LongVector sign = bits.lanewise(VectorOperators.LSHR, 63).and(on);
        actWord |= on.lanewise(VectorOperators.LSHL, WIDE_IOTA).reduceLanes(VectorOperators.OR) << g;
        negWord |= sign.lanewise(VectorOperators.LSHL, WIDE_IOTA).reduceLanes(VectorOperators.OR) << g;
      }
      act[wi] = actWord;
      neg[wi] = negWord;
      count += Long.bitCount(actWord);
    }
    return count;
  }

  /**
   * The masked pass of a soft threshold's adjoint over the first {@code 4·groups} entries: {@code zbar = (ct·v) ⊙
   * 1[act]}, {@code outU = a·v + zbar} (or zbar when {@code a = 0}; skipped when null), and in {@code partial[j]}
   * the sum, from 0 in entry order, of the θ̄ terms −sign·zbar of the entries i ≡ j (mod 4) (sign −1 where the bit
   * of {@code neg} is set, else +1). The masking and signs run 4 entries per vector; the four partial sums stay
   * scalars, each fed its lane.
   *
   * @param groups whole groups of 4 entries
   * @param act support bits (bit i of word i/64), not modified
   * @param neg sign bits, not modified
   * @param v the cotangent, not modified
   * @param a coefficient of v in outU; 0 skips the term
   * @param ct coefficient of v in zbar
   * @param zbar result. Modified.
   * @param outU result, or null to skip it. Modified.
   * @param partial the four partial sums. Overwritten.
   */
  public static void adjointGroups(int groups, long[] act, long[] neg, double[] v, double a, double ct,
      double[] zbar, double[] outU, double[] partial) {
    double t0 = 0.0;
    double t1 = 0.0;
    double t2 = 0.0;
    double t3 = 0.0;
    for (int i = 0; i < groups << 2; i += 4) {
      int bit = i & 63;
      LongVector on = LongVector.broadcast(FOUR, act[i >>> 6] >>> bit).lanewise(VectorOperators.LSHR, FOUR_IOTA)
          .and(1L);
      DoubleVector vi = DoubleVector.fromArray(FOUR_D, v, i);
      LongVector zbBits = vi.mul(ct).reinterpretAsLongs().and(FOUR_ZERO.sub(on));
      DoubleVector zb = zbBits.reinterpretAsDoubles();
      zb.intoArray(zbar, i);
      if (outU != null) {
        (a != 0.0 ? vi.mul(a).add(zb) : zb).intoArray(outU, i);
      }
      LongVector term = zbBits.lanewise(VectorOperators.XOR, LongVector.broadcast(FOUR, ~neg[i >>> 6] >>> bit)
          .lanewise(VectorOperators.LSHR, FOUR_IOTA).lanewise(VectorOperators.LSHL, 63));
      t0 += Double.longBitsToDouble(term.lane(0));
      t1 += Double.longBitsToDouble(term.lane(1));
      t2 += Double.longBitsToDouble(term.lane(2));
      t3 += Double.longBitsToDouble(term.lane(3));
    }
    partial[0] = t0;
    partial[1] = t1;
    partial[2] = t2;
    partial[3] = t3;
  }
}
