package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bmo.core.simd.Simd;
import io.bmo.core.simd.VectorBitKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector pass gives exactly the words of its scalar twin in {@link SoftThresholdKernels}: every support and sign
 * word and the count, on sizes around the word and lane boundaries and entries that include ±0, the smallest
 * subnormals, infinities and NaNs of either sign.
 */
class VectorBitKernelsTest {
  private static final int[] SIZES = {1, 3, 4, 5, 7, 8, 63, 64, 65, 67, 128, 131, 1000, 500 * 64 + 7, 500 * 256};

  @Test
  void theTestJvmResolvesTheVectorModuleAsSubmitShDoes() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector, as submit.sh and the benchmark do; on a CPU
    // without 256-bit vectors the scalar loop runs instead and the comparison below is skipped
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
  }

  @Test
  void supportAndSignBitsEqualTheScalarLoop() {
    assumeTrue(Simd.AVAILABLE, "no vectors of 256 bits on this CPU");
    Random rnd = new Random(11);
    for (int size : SIZES) {
      double[] out = entries(rnd, size, 0.5);
      int words = (size + 63) / 64;
      long[] act = new long[words];
      long[] neg = new long[words];
      long[] actV = new long[words];
      long[] negV = new long[words];
      int count = SoftThresholdKernels.recordBitsScalar(size, out, act, neg);
      int countV = VectorBitKernels.recordBits(size, out, actV, negV);
      assertEquals(count, countV, "count at size " + size);
      assertArrayEquals(act, actV, "support bits at size " + size);
      assertArrayEquals(neg, negV, "sign bits at size " + size);
    }
  }

  /** Random entries, a fraction of them exactly zero, with the special values at fixed places. */
  private static double[] entries(Random rnd, int size, double zeros) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = rnd.nextDouble() < zeros ? 0.0 : rnd.nextGaussian();
    }
    double[] special = {-0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.0, -Double.MIN_NORMAL, Double.longBitsToDouble(0xfff8000000000001L)};
    for (int j = 0; j < special.length; j++) {
      int i = (int) ((j * 2654435761L) % size);
      x[i] = special[j];
    }
    return x;
  }

  private static long[] bits(double[] x) {
    long[] b = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = Double.doubleToRawLongBits(x[i]);
    }
    return b;
  }
}
