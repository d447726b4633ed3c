package io.bmo.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReproducibleSumTest {
  private static final int DIM = 6;
  private static final int N = 10_000;

  /** Vectors with a wide dynamic range: subnormals, ±0, huge values, and exact cancelling pairs. */
  private static List<double[]> vectors(long seed) {
    Random r = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double[] v = new double[DIM];
      for (int c = 0; c < DIM; c++) {
        v[c] = switch (c) {
          case 0 -> r.nextGaussian(); // ordinary values
          case 1 -> Math.scalb(r.nextGaussian(), r.nextInt(2000) - 1000); // wide range
          case 2 -> Double.longBitsToDouble(r.nextLong() & 0x000fffffffffffffL) * (r.nextBoolean() ? 1 : -1); // subnormal
          case 3 -> r.nextInt(4) == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : Math.scalb(r.nextGaussian(), 900);
          default -> Math.scalb(r.nextGaussian(), r.nextInt(120) - 60);
        };
      }
      out.add(v);
      if (i % 2 == 0 && i + 1 < N) { // cancellation: the next vector is the negation of this one in coordinate 4
        double[] w = new double[DIM];
        for (int c = 0; c < DIM; c++) {
          w[c] = c == 4 ? -v[c] : v[c] * 0.5;
        }
        out.add(w);
        i++;
      }
    }
    return out;
  }

  private static double[] sumInOrder(List<double[]> vs) {
    ReproducibleSum s = new ReproducibleSum(DIM);
    vs.forEach(s::add);
    double[] out = new double[DIM];
    s.values(out);
    return out;
  }

  /** A random merge tree: leaves of random size, merged pairwise in a random order. */
  private static double[] sumByRandomTree(List<double[]> vs, Random r) {
    List<ReproducibleSum> parts = new ArrayList<>();
    int i = 0;
    while (i < vs.size()) {
      int len = 1 + r.nextInt(300);
      ReproducibleSum s = new ReproducibleSum(DIM);
      for (int j = i; j < Math.min(vs.size(), i + len); j++) {
        s.add(vs.get(j));
      }
      parts.add(s);
      i += len;
      if (r.nextInt(5) == 0) {
        parts.add(new ReproducibleSum(DIM)); // empty sides
      }
    }
    while (parts.size() > 1) {
      int a = r.nextInt(parts.size());
      ReproducibleSum x = parts.remove(a);
      int b = r.nextInt(parts.size());
      parts.get(b).merge(x);
    }
    double[] out = new double[DIM];
    parts.get(0).values(out);
    return out;
  }

  @Test
  void permutationsAndGroupingsGiveIdenticalBits() {
    List<double[]> vs = vectors(1);
    double[] ref = sumInOrder(vs);
    Random r = new Random(2);
    for (int trial = 0; trial < 6; trial++) {
      List<double[]> shuffled = new ArrayList<>(vs);
      Collections.shuffle(shuffled, r);
      double[] got = trial % 2 == 0 ? sumInOrder(shuffled) : sumByRandomTree(shuffled, r);
      for (int c = 0; c < DIM; c++) {
        assertEquals(Double.doubleToRawLongBits(ref[c]), Double.doubleToRawLongBits(got[c]),
            "coordinate " + c + " trial " + trial);
      }
    }
  }

  @Test
  void staysWithinTheProvenBoundOfTheExactSum() {
    List<double[]> vs = vectors(3);
    ReproducibleSum s = new ReproducibleSum(DIM);
    BigDecimal[] exact = new BigDecimal[DIM];
    java.util.Arrays.fill(exact, BigDecimal.ZERO);
    for (double[] v : vs) {
      s.add(v);
      for (int c = 0; c < DIM; c++) {
        exact[c] = exact[c].add(new BigDecimal(v[c]));
      }
    }
    for (int c = 0; c < DIM; c++) {
      BigDecimal err = new BigDecimal(s.value(c)).subtract(exact[c]).abs();
      assertTrue(err.compareTo(new BigDecimal(s.bound(c))) <= 0,
          "coordinate " + c + ": error " + err.doubleValue() + " > bound " + s.bound(c));
    }
    // The cancelling coordinate sums to about 0 with summands up to 2^62: the bound is n·2^-64 of the largest summand,
    // where recursive summation's worst case is n·2^-53 of the sum of magnitudes.
    double max = vs.stream().mapToDouble(v -> Math.abs(v[4])).max().orElseThrow();
    assertTrue(s.bound(4) <= N * Math.scalb(max, -60), "bound " + s.bound(4) + " vs max " + max);
  }

  @Test
  void exactOnSumsThatFitTheWindow() {
    ReproducibleSum s = new ReproducibleSum(1);
    double[] xs = {1e16, 1.0, -1e16, 0.5, 3.0};
    for (double x : xs) {
      s.add(new double[] {x});
    }
    assertEquals(4.5, s.value(0)); // recursive summation gives 3.5 or 4.0 depending on order
  }

  @Test
  void emptySideIsTheIdentityAndZerosFollowIeee() {
    ReproducibleSum a = new ReproducibleSum(2);
    a.add(new double[] {-0.0, 2.5});
    long before0 = Double.doubleToRawLongBits(a.value(0));
    a.merge(new ReproducibleSum(2));
    assertEquals(before0, Double.doubleToRawLongBits(a.value(0)));
    assertEquals(Double.doubleToRawLongBits(-0.0), before0, "sum of only -0.0 is -0.0");
    assertEquals(2.5, a.value(1));
    a.add(new double[] {0.0, -2.5});
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(a.value(0)));
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(a.value(1)), "x + (-x) is +0.0");
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(new ReproducibleSum(1).value(0)));
  }

  @Test
  void specialValuesAreOrderIndependent() {
    ReproducibleSum s = new ReproducibleSum(3);
    s.add(new double[] {Double.POSITIVE_INFINITY, Double.NaN, Double.NEGATIVE_INFINITY});
    s.add(new double[] {1.0, 1.0, 1.0});
    assertEquals(Double.POSITIVE_INFINITY, s.value(0));
    assertTrue(Double.isNaN(s.value(1)));
    assertEquals(Double.NEGATIVE_INFINITY, s.value(2));
    s.add(new double[] {Double.NEGATIVE_INFINITY, 0, 0});
    assertTrue(Double.isNaN(s.value(0)));
  }

  @Test
  void rejectsMismatchedLengths() {
    ReproducibleSum s = new ReproducibleSum(2);
    assertThrows(IllegalArgumentException.class, () -> s.add(new double[3]));
    assertThrows(IllegalArgumentException.class, () -> s.merge(new ReproducibleSum(3)));
  }

  /**
   * An independent slow path for finite values: every set bit of m·2^p goes into its bin one at a time, bins below
   * the window are dropped, the value is converted with {@link Math#scalb}. The class must give the same bits.
   */
  private static final class BitByBitSum {
    private int top = Integer.MIN_VALUE;
    private final long[] bins = new long[ReproducibleSum.FOLD];

    void add(double x) {
      long raw = Double.doubleToRawLongBits(x);
      int exp = (int) ((raw >>> 52) & 0x7ff);
      long m = exp == 0 ? raw & 0xfffffffffffffL : (raw & 0xfffffffffffffL) | (1L << 52);
      if (m == 0) {
        return;
      }
      int p = exp == 0 ? 0 : exp - 1;
      int hi = (p + 63 - Long.numberOfLeadingZeros(m)) / ReproducibleSum.W;
      if (top == Integer.MIN_VALUE || hi > top) {
        long[] old = bins.clone();
        int shift = top == Integer.MIN_VALUE ? ReproducibleSum.FOLD : hi - top;
        for (int j = 0; j < ReproducibleSum.FOLD; j++) {
          bins[j] = j + shift < ReproducibleSum.FOLD ? old[j + shift] : 0;
        }
        top = hi;
      }
      for (int bit = 0; bit < 53; bit++) {
        if ((m >>> bit & 1) != 0) {
          int j = (p + bit) / ReproducibleSum.W - (top - ReproducibleSum.FOLD + 1);
          if (j >= 0) {
            long unit = 1L << ((p + bit) % ReproducibleSum.W);
            bins[j] += raw < 0 ? -unit : unit;
          }
        }
      }
    }

    double value() {
      double r = 0.0;
      for (int j = 0; j < ReproducibleSum.FOLD && top != Integer.MIN_VALUE; j++) {
        if (bins[j] != 0) {
          r += Math.scalb((double) bins[j], (top - ReproducibleSum.FOLD + 1 + j) * ReproducibleSum.W - 1074);
        }
      }
      return r;
    }
  }

  @Test
  void equalsABitByBitSumOnEveryExponentSignAndSubnormal() {
    Random r = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      ReproducibleSum fast = new ReproducibleSum(1);
      BitByBitSum slow = new BitByBitSum();
      int center = r.nextInt(2100) - 1100; // from subnormals to near overflow
      for (int i = 0; i < 50; i++) {
        double x = Math.scalb(r.nextDouble() + 0.5, Math.min(1000, center + r.nextInt(140) - 70))
            * (r.nextBoolean() ? 1 : -1);
        if (r.nextInt(10) == 0) {
          x = Double.longBitsToDouble(r.nextLong() & 0x800fffffffffffffL); // a subnormal
        }
        fast.add(new double[] {x});
        slow.add(x);
      }
      assertEquals(Double.doubleToRawLongBits(slow.value()), Double.doubleToRawLongBits(fast.value(0)),
          "trial " + trial + " around 2^" + center);
    }
  }
}
