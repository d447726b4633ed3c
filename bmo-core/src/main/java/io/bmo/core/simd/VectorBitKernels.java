package io.bmo.core.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A bit-packing pass written with the JDK's vector API, which the JIT does not vectorise by itself: the support and
 * sign bits of an array, as the sparse-coding layers record them for their adjoint. It gives exactly the words of its
 * scalar twin (in the sparse-coding element passes, whose tests compare the two): the same integer bit operations on
 * the raw bits of each entry, 8 entries per vector on CPUs with 512-bit vectors, 4 with 256-bit ones.
 *
 * <p>Reach it only when {@link Simd#AVAILABLE} is true (the module {@code jdk.incubator.vector} is resolved and the
 * CPU has vectors of at least 256 bits); otherwise the class cannot load.
 */
public final class VectorBitKernels {
  /** The widest long vectors the JIT maps to registers here; its lane count divides 64. */
  private static final VectorSpecies<Long> WIDE = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> WIDE_D = DoubleVector.SPECIES_PREFERRED;
  /** Lane index j in every lane (the shift that puts lane j's bit at position j). */
  private static final LongVector WIDE_IOTA = iota(WIDE);

  private VectorBitKernels() {}

  /**
   * Whether the preferred vectors have at least 4 double lanes, so that the pass runs in registers.
   *
   * @return true when the pass can run here
   */
  static boolean usable() {
    return WIDE_D.length() >= 4 && WIDE.length() == WIDE_D.length() && 64 % WIDE.length() == 0;
  }

  private static LongVector iota(VectorSpecies<Long> species) {
    long[] lanes = new long[species.length()];
    for (int j = 0; j < lanes.length; j++) {
      lanes[j] = j;
    }
    return LongVector.fromArray(species, lanes, 0);
  }

  /**
   * The support bits (entry ≠ ±0) and sign bits (negative and in the support) of {@code out[0..size)} into
   * {@code act} and {@code neg}, bit i of word i/64 for entry i. Whole words by vectors, the last partial word by the
   * scalar rule.
   *
   * @param size entries
   * @param out the entries, not modified
   * @param act support bits, at least ⌈size/64⌉ words. Modified.
   * @param neg sign bits, at least ⌈size/64⌉ words. Modified.
   * @return the number of support bits
   */
  public static int recordBits(int size, double[] out, long[] act, long[] neg) {
    int lanes = WIDE.length();
    int full = size & ~63;
    int count = 0;
    int wi = 0;
    for (int w0 = 0; w0 < full; w0 += 64, wi++) {
      long actWord = 0L;
      long negWord = 0L;
      for (int g = 0; g < 64; g += lanes) {
        LongVector bits = DoubleVector.fromArray(WIDE_D, out, w0 + g).reinterpretAsLongs();
        LongVector mag = bits.lanewise(VectorOperators.LSHL, 1);
        LongVector on = mag.or(mag.neg()).lanewise(VectorOperators.LSHR, 63);
        LongVector sign = bits.lanewise(VectorOperators.LSHR, 63).and(on);
        actWord |= on.lanewise(VectorOperators.LSHL, WIDE_IOTA).reduceLanes(VectorOperators.OR) << g;
        negWord |= sign.lanewise(VectorOperators.LSHL, WIDE_IOTA).reduceLanes(VectorOperators.OR) << g;
      }
      act[wi] = actWord;
      neg[wi] = negWord;
      count += Long.bitCount(actWord);
    }
    if (full < size) {
      long actWord = 0L;
      long negWord = 0L;
      for (int i = full; i < size; i++) {
        long bits = Double.doubleToRawLongBits(out[i]);
        long mag = bits << 1;
        long on = (mag | -mag) >>> 63;
        actWord |= on << (i - full);
        negWord |= ((bits >>> 63) & on) << (i - full);
      }
      act[wi] = actWord;
      neg[wi] = negWord;
      count += Long.bitCount(actWord);
    }
    return count;
  }
}
