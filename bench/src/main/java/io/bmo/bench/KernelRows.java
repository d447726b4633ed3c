package io.bmo.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows P1, P2, P2m: one block of 512 signals, ista-layerwise, K = 16, μ = 0.2, on the calling thread with BLAS pinned
 * to one thread. "Useful" FLOPs are the dense count of the Gram-form algorithm, the same whatever the kernel skips:
 * Aᵀb (2mnB) plus K products with AᵀA (2n²B each); 2n² = 4mn here, so it also equals the count of the
 * u ↦ Aᵀ(Au − b) form.
 */
final class KernelRows {
  static final int BLOCK = 512;
  /** Snapshot budget of the memory-lean row. */
  static final int LEAN_SNAPSHOTS = 0;
  /** Rounds that also time the lean mode (about 9 forward passes each). */
  static final int LEAN_ROUNDS = 7;
  /** Snapshot budgets whose memory and time ratios are printed alongside (3 rounds each). */
  static final int[] TRADE_OFF_SNAPSHOTS = {1, 2, 4};

  private KernelRows() {}

  /** A DGEMM C = A·B with all matrices size×size, and its FLOP count. */
  static final class Dgemm {
    final int size;
    final double[] a;
    final double[] b;
    final double[] c;
    final BLAS blas = Blas.get();

    Dgemm(int size) {
      this.size = size;
      a = new double[size * size];
      b = new double[size * size];
      c = new double[size * size];
      java.util.Random r = new java.util.Random(3);
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextGaussian();
        b[i] = r.nextGaussian();
      }
    }

    void run() {
      blas.dgemm("N", "N", size, size, size, 1.0, a, size, b, size, 0.0, c, size);
    }

    double flops() {
      return 2.0 * size * size * size;
    }
  }

  /** DGEMM(size) FLOP/s, median of {@code reps} after warm-up. */
  static double dgemmFlops(int size, int reps) throws Exception {
    Dgemm g = new Dgemm(size);
    return g.flops() / Timer.median(Math.max(3, reps / 2), reps, g::run);
  }

  /**
   * Interleaved rounds (DGEMM, forward, forward + loss, forward + tape + reverse), each ratio taken within a round
   * and the median over rounds reported: a machine whose background load changes between rounds moves numerator
   * and denominator together.
   */
  static List<Row> run(Instance inst, int rounds) throws Exception {
    int m = Instance.M;
    int n = Instance.N;
    int k = Instance.LAYERS;
    SparseModel model = SparseModel.ISTA_LAYERWISE;
    SparseCodingMap map = new SparseCodingMap(model, inst.dictionary, m, n, k);
    map.bind(inst.omega(model, k));
    double[][] bx = inst.block(BLOCK);
    BmoSolver solver = new BmoSolver(map, Instance.inner(k));
    Timer.Work forward = () -> {
      map.bindBlock(bx[0], BLOCK);
      solver.init(bx[1], BLOCK, k + 1);
      solver.run();
    };
    double flops = 2.0 * m * n * BLOCK + k * 2.0 * n * n * BLOCK;
    UnrolledObjective obj = new UnrolledObjective(map, Instance.inner(k), new HypergradientMethod.Reverse());
    Block block = new Block(bx[0], bx[1], BLOCK);
    LossGradientSum sum = obj.newSum();
    Dgemm dg = new Dgemm(512);
    Timer.Work lossOnly = () -> obj.add(block, sum, false);
    Timer.Work reverse = () -> obj.add(block, sum, true);
    // checkpointed reverse mode with no snapshot: the one setting whose memory fits 1/16 of the iterates
    UnrolledObjective lean = new UnrolledObjective(map, Instance.inner(k),
        new HypergradientMethod.Reverse(LEAN_SNAPSHOTS));
    Timer.Work reverseLean = () -> lean.add(block, sum, true);
    for (int w = 0; w < 3; w++) {
      dg.run();
      forward.run();
      lossOnly.run();
      reverse.run();
    }
    reverseLean.run();
    double[] p1 = new double[rounds];
    double[] p2 = new double[rounds];
    double[] tf = new double[rounds];
    double[] tl = new double[rounds];
    double[] tr = new double[rounds];
    double[] dr = new double[rounds];
    double[] p2lean = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      double td = Timer.median(0, 5, dg::run);
      tf[i] = Timer.median(0, 1, forward);
      tl[i] = Timer.median(0, 1, lossOnly);
      tr[i] = Timer.median(0, 1, reverse);
      dr[i] = dg.flops() / td;
      p1[i] = (flops / tf[i]) / dr[i];
      p2[i] = tr[i] / tf[i];
      if (i < LEAN_ROUNDS) {
        p2lean[i] = Timer.median(0, 1, reverseLean) / tf[i];
      }
    }
    double tForward = median(tf);
    double tLoss = median(tl);
    double tReverse = median(tr);
    double dgemm = median(dr);
    long tape = obj.tapeBytes();
    double iterates = (double) k * n * BLOCK * Double.BYTES;

    List<Row> rows = new ArrayList<>();
    double rate = flops / tForward;
    rows.add(Row.atLeast("P1", median(p1), 0.70, ">=0.70", String.format(Locale.ROOT,
        "forward %.2f ms = %.1f GFLOP/s useful; DGEMM(512) %.1f GFLOP/s; m=%d n=%d B=%d K=%d mu=%.1f, 1 thread;"
        + " medians of %d interleaved rounds", tForward * 1e3, rate / 1e9, dgemm / 1e9, m, n, BLOCK, k, Instance.MU,
        rounds)));
    rows.add(Row.atMost("P2", median(p2), 2.5, "<=2.5", String.format(Locale.ROOT,
        "forward+tape+reverse %.2f ms / forward %.2f ms (forward+loss %.2f ms)", tReverse * 1e3, tForward * 1e3,
        tLoss * 1e3)));
    rows.add(Row.atMost("P2m", tape / iterates, 1.0 / 16, "<=0.0625", String.format(Locale.ROOT,
        "tape %.2f MB / K dense iterates %.2f MB (full tape, the default)", tape / 1e6, iterates / 1e6)));
    long leanBytes = lean.tapeBytes();
    double leanTime = median(java.util.Arrays.copyOf(p2lean, Math.min(rounds, LEAN_ROUNDS)));
    rows.add(Row.atMost("P2m/S=0", leanBytes / iterates, 1.0 / 16, "<=0.0625", String.format(Locale.ROOT,
        "hypergradient.snapshots=0: peak %.2f MB (one step's tape) / %.2f MB; same gradient bits; %d forward steps"
        + " instead of %d", leanBytes / 1e6, iterates / 1e6, lean.forwardSteps(), k)));
    StringBuilder tradeOff = new StringBuilder();
    for (int snaps : TRADE_OFF_SNAPSHOTS) {
      UnrolledObjective o = new UnrolledObjective(map, Instance.inner(k), new HypergradientMethod.Reverse(snaps));
      Timer.Work w = () -> o.add(block, sum, true);
      w.run();
      double[] ratio = new double[3];
      for (int i = 0; i < ratio.length; i++) {
        ratio[i] = Timer.median(0, 1, w) / Timer.median(0, 1, forward);
      }
      tradeOff.append(String.format(Locale.ROOT, "; S=%d: memory %.3f, time %.2f (%d steps)", snaps,
          o.tapeBytes() / iterates, median(ratio), o.forwardSteps()));
    }
    rows.add(Row.atMost("P2/S=0", leanTime, 2.5, "<=2.5", String.format(Locale.ROOT,
        "hypergradient.snapshots=0: forward+recompute+reverse / forward, median of %d rounds; other budgets: %s",
        Math.min(rounds, LEAN_ROUNDS), tradeOff.substring(2))));
    return rows;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
  }
}
