package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bmo.core.simd.Simd;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector passes give exactly the bits of their scalar twins in {@link SoftThresholdKernels}: every support and
 * sign word and the count; every z̄ and ū entry, and θ̄ to the last bit (a changed summation order shows there; a
 * NaN as NaN). Sizes around the word and lane boundaries; entries that include ±0, the smallest subnormals,
 * infinities and NaNs of either sign.
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
      int count = SoftThresholdKernels.recordBits(size, out, act, neg, false);
      int countV = SoftThresholdKernels.recordBits(size, out, actV, negV, true);
      assertEquals(count, countV, "count at size " + size);
      assertArrayEquals(act, actV, "support bits at size " + size);
      assertArrayEquals(neg, negV, "sign bits at size " + size);
    }
  }

  @Test
  void adjointPassEqualsTheScalarLoopBitForBit() {
    assumeTrue(Simd.AVAILABLE, "no vectors of 256 bits on this CPU");
    Random rnd = new Random(12);
    double[][] coefficients = {{0.0, 1.0}, {0.7, 1.0}, {0.0, -0.3}, {1.25, 0.6}};
    for (int size : SIZES) {
      int words = (size + 63) / 64;
      long[] act = new long[words];
      long[] neg = new long[words];
      for (int w = 0; w < words; w++) {
        act[w] = rnd.nextLong();
        neg[w] = rnd.nextLong() & act[w];
      }
      double[] v = entries(rnd, size, 0.05);
      for (double[] c : coefficients) {
        for (boolean withU : new boolean[] {true, false}) {
          double[] zbar = new double[size];
          double[] zbarV = new double[size];
          double[] outU = withU ? new double[size] : null;
          double[] outUV = withU ? new double[size] : null;
          double[] sums = {0.125, 9.0};
          double[] sumsV = {0.125, 9.0};
          SoftThresholdKernels.adjointWithoutStep(size, act, neg, v, c[0], c[1], zbar, outU, sums, new double[4],
              false);
          SoftThresholdKernels.adjointWithoutStep(size, act, neg, v, c[0], c[1], zbarV, outUV, sumsV, new double[4],
              true);
          String where = "size " + size + ", a = " + c[0] + ", ct = " + c[1] + ", with ū " + withU;
          assertArrayEquals(bits(zbar), bits(zbarV), "z̄ at " + where);
          if (withU) {
            assertArrayEquals(bits(outU), bits(outUV), "ū at " + where);
          }
          // a NaN sum compares as NaN: Java leaves the payload of an arithmetic NaN unspecified (the JIT may swap
          // an addition's operands), so only its NaN-ness is defined
          assertEquals(Double.doubleToLongBits(sums[0]), Double.doubleToLongBits(sumsV[0]), "θ̄ at " + where);
          assertEquals(9.0, sumsV[1], "s̄ untouched");
        }
      }
    }
  }

  @Test
  void thetaBarIsSummedInTheScalarOrderNotAnother() {
    assumeTrue(Simd.AVAILABLE, "no vectors of 256 bits on this CPU");
    // terms of very different magnitudes make the order visible: a plain left-to-right sum differs in the last bits
    int size = 4099;
    long[] act = new long[(size + 63) / 64];
    Arrays.fill(act, -1L);
    long[] neg = new long[act.length];
    double[] v = new double[size];
    Random rnd = new Random(13);
    for (int i = 0; i < size; i++) {
      v[i] = Math.scalb(rnd.nextDouble() + 0.5, rnd.nextInt(80) - 40);
    }
    double[] sums = {0.0, 0.0};
    adjoint(size, act, neg, v, sums, false);
    double[] sumsV = {0.0, 0.0};
    adjoint(size, act, neg, v, sumsV, true);
    double plain = 0.0;
    for (int i = 0; i < size; i++) {
      plain -= v[i];
    }
    assertEquals(Double.doubleToRawLongBits(sums[0]), Double.doubleToRawLongBits(sumsV[0]));
    assertTrue(plain != sumsV[0], "this data must tell the orders apart");
    // and which partial sum each lane feeds: with t0 = N, t1 = t3 = N·2⁻⁶⁰, t2 = −N, (t0 + t1) + (t2 + t3) is 0
    // while any other pairing keeps the small sums
    for (int i = 0; i < size; i++) {
      v[i] = i % 4 == 0 ? 1.0 : i % 4 == 2 ? -1.0 : 0x1p-60;
    }
    sumsV[0] = 0.0;
    adjoint(size, act, neg, v, sumsV, true);
    sums[0] = 0.0;
    adjoint(size, act, neg, v, sums, false);
    assertEquals(Double.doubleToRawLongBits(sums[0]), Double.doubleToRawLongBits(sumsV[0]));
    assertEquals(0.0, Math.abs(sums[0]), "the scalar pairing cancels the large sums");
    double[] t = new double[4];
    for (int i = 0; i < (size & ~3); i++) {
      t[i % 4] -= v[i];
    }
    assertTrue((t[0] + t[2]) + (t[1] + t[3]) != 0.0, "another pairing keeps the small ones");
  }

  private static void adjoint(int size, long[] act, long[] neg, double[] v, double[] sums, boolean vector) {
    SoftThresholdKernels.adjointWithoutStep(size, act, neg, v, 0.0, 1.0, new double[size], null, sums, new double[4],
        vector);
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
