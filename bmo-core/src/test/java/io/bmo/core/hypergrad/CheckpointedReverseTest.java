package io.bmo.core.hypergrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpointed reverse mode against the fully taped reverse pass (itself checked against finite differences in
 * {@link HypergradientFiniteDifferenceTest}): every recomputed step sees the same (k, u^{k−1}), so loss and
 * gradient must be equal bit for bit, not merely close. Also the forward-step count and the memory bound.
 */
class CheckpointedReverseTest {
  static final int M = 12;
  static final int N = 24;
  static final int COLS = 6;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int k : new int[] {1, 7, 16}) {
      for (SparseModel model : SparseModel.values()) {
        for (BmoConfig cfg : HypergradientFiniteDifferenceTest.innerLoops(k)) {
          out.add(Arguments.of(model, cfg));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void sameBitsAsTheFullTapeForEverySnapshotBudget(SparseModel model, BmoConfig cfg) {
    int k = cfg.layers();
    double[] a = TestData.dictionary(M, N, 5);
    double[][] bx = TestData.pairs(a, M, N, COLS, 0.25, 6);
    double lip = TestData.lipschitz(a, M, N);
    SparseCodingMap proto = new SparseCodingMap(model, a, M, N, k);
    double[] omega = proto.initialOmega(0.02, 0.9 / lip);
    Random r = new Random(7);
    for (int i = 0; i < omega.length; i++) {
      omega[i] += 0.002 * r.nextGaussian();
    }
    Result full = run(model, a, bx, omega, cfg, new HypergradientMethod.Reverse());
    assertEquals(k, full.forwardSteps);
    assertTrue(maxAbs(full.gradient) > 1e-8, "gradient is trivially zero, the test would prove nothing");
    long sizeBytes = (long) N * COLS * Double.BYTES;
    for (int s : new int[] {0, 1, 2, 3, k}) {
      Result cp = run(model, a, bx, omega, cfg, new HypergradientMethod.Reverse(s));
      String what = model + " " + cfg + " snapshots=" + s;
      assertEquals(full.loss, cp.loss, 0.0, what);
      assertArrayEquals(full.gradient, cp.gradient, 0.0, what);
      CheckpointSchedule sched = new CheckpointSchedule(k, s);
      assertEquals(sched.forwardSteps(), cp.forwardSteps, what + ": steps the driver ran");
      // at most the usable snapshots plus one step's tape (a step's tape is never larger than the full tape / K
      // by more than its share: bound it by the largest single step of the full run, i.e. the whole tape)
      assertTrue(cp.peakBytes <= sched.snapshots() * sizeBytes + full.peakBytes, what + ": peak " + cp.peakBytes);
      if (s == 0 && k > 1) {
        assertTrue(cp.peakBytes < full.peakBytes, what + ": one step's tape must be smaller than all steps'");
      }
    }
  }

  @Test
  void scheduleCostsMatchClosedFormsAtBothEnds() {
    for (int k = 1; k <= 40; k++) {
      // no snapshot: every step recomputed from u⁰
      assertEquals((long) k * (k + 1) / 2, new CheckpointSchedule(k, 0).forwardSteps(), "K=" + k);
      // snapshots to spare: advance one step, store, recurse — 2K − 1 steps
      assertEquals(2L * k - 1, new CheckpointSchedule(k, k).forwardSteps(), "K=" + k);
    }
  }

  @Test
  void scheduleIsOptimalAgainstExhaustiveSearch() {
    // an independent, unmemoised search over every split sequence for small K
    for (int k = 1; k <= 12; k++) {
      for (int s = 0; s <= 4; s++) {
        assertEquals(exhaustive(k, s), new CheckpointSchedule(k, s).forwardSteps(), "K=" + k + " s=" + s);
      }
    }
    // more snapshots never cost more steps; 3 snapshots at K = 16 need far fewer steps than none
    long prev = Long.MAX_VALUE;
    for (int s = 0; s <= 16; s++) {
      long c = new CheckpointSchedule(16, s).forwardSteps();
      assertTrue(c <= prev, "s=" + s);
      prev = c;
    }
  }

  @Test
  void bisectionFallbackForHugeTables() {
    CheckpointSchedule big = new CheckpointSchedule(100_000, 20);
    assertEquals(50_000, big.split(100_000, 20));
    assertTrue(big.forwardSteps() < 100_000L * 20, "O(K log K) steps");
  }

  @Test
  void snapshotsOnlyForReverse() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HypergradientMethod.parse("truncated", 2, 1e-8, 10, null, 3));
    assertTrue(e.getMessage().contains("snapshots"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HypergradientMethod.Reverse(-2));
    assertEquals(new HypergradientMethod.Reverse(4), HypergradientMethod.parse("reverse", 2, 1e-8, 10, null, 4));
  }

  /** Minimum over every strategy: no snapshot (recompute each step), or any first advance m with a snapshot. */
  private static long exhaustive(int len, int s) {
    if (len == 1) {
      return 1;
    }
    long best = (long) len * (len + 1) / 2;
    if (s > 0) {
      for (int m = 1; m < len; m++) {
        best = Math.min(best, m + exhaustive(len - m, s - 1) + exhaustive(m, s));
      }
      best = Math.min(best, exhaustive(len, s - 1));
    }
    return best;
  }

  record Result(double loss, double[] gradient, long forwardSteps, long peakBytes) {}

  private static Result run(SparseModel model, double[] a, double[][] bx, double[] omega, BmoConfig cfg,
      HypergradientMethod method) {
    UnrolledObjective obj = new UnrolledObjective(new SparseCodingMap(model, a, M, N, cfg.layers()), cfg,
        method);
    obj.bind(omega);
    LossGradientSum sum = obj.newSum();
    Block block = new Block(bx[0], bx[1], COLS);
    // twice through the same objective: buffers and record pools reused across blocks must not change bits
    obj.add(block, obj.newSum(), true);
    obj.add(block, sum, true);
    return new Result(sum.loss(), sum.gradient(), obj.forwardSteps(), obj.tapeBytes());
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
