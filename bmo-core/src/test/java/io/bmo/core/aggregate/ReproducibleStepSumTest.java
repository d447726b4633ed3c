package io.bmo.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A step's reduction: any order and merge tree of the same shard sums gives the same bits, close to exact. */
class ReproducibleStepSumTest {
  static final int DIM = 37;
  static final int STATS = 4;

  static LossGradientSum shard(Random r) {
    LossGradientSum s = new LossGradientSum(DIM, STATS);
    double[] g = new double[DIM];
    double[] st = new double[STATS];
    for (int i = 0; i < DIM; i++) {
      g[i] = r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15) * (r.nextInt(7) == 0 ? -1e10 : 1);
    }
    for (int i = 0; i < STATS; i++) {
      st[i] = r.nextDouble() * 1e6;
    }
    return s.add(r.nextDouble() * 100, g, st, 1 + r.nextInt(1000));
  }

  /** {@code n} random shard sums. */
  static List<LossGradientSum> shards(Random r, int n) {
    List<LossGradientSum> shards = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shards.add(shard(r));
    }
    return shards;
  }

  /** Merges the shards' reductions along a random binary tree. */
  static ReproducibleStepSum randomTree(List<LossGradientSum> shards, Random r) {
    List<ReproducibleStepSum> level = new ArrayList<>();
    for (LossGradientSum s : shards) {
      level.add(new ReproducibleStepSum(DIM, STATS).add(s));
    }
    while (level.size() > 1) {
      int i = r.nextInt(level.size());
      ReproducibleStepSum a = level.remove(i);
      int j = r.nextInt(level.size());
      level.set(j, r.nextBoolean() ? level.get(j).merge(a) : a.merge(level.get(j)));
    }
    return level.get(0);
  }

  static long[] bits(LossGradientSum s) {
    long[] b = new long[2 + DIM + STATS];
    b[0] = Double.doubleToRawLongBits(s.lossSum());
    b[1] = s.count();
    for (int i = 0; i < DIM; i++) {
      b[2 + i] = Double.doubleToRawLongBits(s.gradSumBuffer()[i]);
    }
    for (int i = 0; i < STATS; i++) {
      b[2 + DIM + i] = Double.doubleToRawLongBits(s.statsBuffer()[i]);
    }
    return b;
  }

  /**
   * The binary form gives back the same reduction: the same result bits, and merging the copy equals merging the
   * original — also with NaN, ±∞, −0.0, subnormals and coordinates nothing was added to.
   */
  @Test
  void theBinaryFormRoundTripsBinForBin() {
    Random r = new Random(5);
    List<LossGradientSum> shards = shards(r, 9);
    LossGradientSum odd = new LossGradientSum(DIM, STATS);
    double[] g = new double[DIM];
    g[0] = Double.NaN;
    g[1] = Double.POSITIVE_INFINITY;
    g[2] = -0.0;
    g[3] = Double.MIN_VALUE * 3;
    odd.add(1.0, g, new double[STATS], 1);
    for (ReproducibleStepSum original : List.of(randomTree(shards, r), new ReproducibleStepSum(DIM, STATS).add(odd),
        new ReproducibleStepSum(DIM, STATS))) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) original.encodedBytes() + 5);
      buf.put((byte) 7); // not at offset 0, as inside a message
      original.writeTo(buf);
      assertEquals(1 + original.encodedBytes(), buf.position());
      buf.flip().get();
      ReproducibleStepSum copy = ReproducibleStepSum.readFrom(buf);
      assertEquals(1 + original.encodedBytes(), buf.position());
      assertEquals(original.shards(), copy.shards());
      if (original.shards() > 0) {
        assertArrayEquals(bits(original.result()), bits(copy.result()));
      }
      LossGradientSum more = shard(r);
      assertArrayEquals(bits(new ReproducibleStepSum(DIM, STATS).add(more).merge(original).result()),
          bits(new ReproducibleStepSum(DIM, STATS).add(more).merge(copy).result()));
    }
  }

  @Test
  void orderAndGroupingDoNotChangeTheBits() {
    Random r = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      List<LossGradientSum> shards = shards(r, 1 + r.nextInt(64));
      long[] reference = bits(ReproducibleStepSum.reduce(shards.toArray(new LossGradientSum[0])));
      for (int k = 0; k < 5; k++) {
        List<LossGradientSum> perm = new ArrayList<>(shards);
        Collections.shuffle(perm, r);
        assertEquals(java.util.Arrays.toString(reference), java.util.Arrays.toString(bits(randomTree(perm, r).result())));
      }
    }
  }

  @Test
  void resultIsTheExactSumUpToTheProvenBound() {
    Random r = new Random(5);
    List<LossGradientSum> shards = shards(r, 200);
    LossGradientSum got = ReproducibleStepSum.reduce(shards.toArray(new LossGradientSum[0]));
    long count = 0;
    for (LossGradientSum s : shards) {
      count += s.count();
    }
    assertEquals(count, got.count());
    for (int c = 0; c < DIM; c++) {
      BigDecimal exact = BigDecimal.ZERO;
      double max = 0;
      for (LossGradientSum s : shards) {
        exact = exact.add(new BigDecimal(s.gradSumBuffer()[c]));
        max = Math.max(max, Math.abs(s.gradSumBuffer()[c]));
      }
      double err = Math.abs(new BigDecimal(got.gradSumBuffer()[c]).subtract(exact).doubleValue());
      // The binned sum's bound: n·2⁻⁶⁴ relative to the largest summand (fold 3 of 32-bit bins), plus 2 ulp.
      double bound = shards.size() * max * 0x1p-64 * 2 + 2 * Math.ulp(got.gradSumBuffer()[c]);
      assertTrue(err <= bound, "coordinate " + c + ": error " + err + " > bound " + bound);
    }
  }
}
