package io.bmo.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.operator.SparseCodingMap;
import io.bmo.core.operator.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.problem.SparseCodingObjective;
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

  private KernelRows() {}

  /** DGEMM FLOP/s of C = A·B, all size×size, median of {@code reps} after warm-up. */
  static double dgemmFlops(int size, int reps) throws Exception {
    BLAS blas = Blas.get();
    double[] a = new double[size * size];
    double[] b = new double[size * size];
    double[] c = new double[size * size];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
      b[i] = r.nextGaussian();
    }
    double t = Timer.median(Math.max(3, reps / 2), reps,
        () -> blas.dgemm("N", "N", size, size, size, 1.0, a, size, b, size, 0.0, c, size));
    return 2.0 * size * size * size / t;
  }

  static List<Row> run(Instance inst, double dgemm, int reps) throws Exception {
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
    double tForward = Timer.median(3, reps, forward);
    double flops = 2.0 * m * n * BLOCK + k * 2.0 * n * n * BLOCK;
    double rate = flops / tForward;

    SparseCodingObjective obj = new SparseCodingObjective(map, Instance.inner(k), new HypergradientMethod.Reverse());
    Block block = new Block(bx[0], bx[1], BLOCK);
    LossGradientSum sum = obj.newSum();
    double tLoss = Timer.median(3, reps, () -> obj.add(block, sum, false));
    double tReverse = Timer.median(3, reps, () -> obj.add(block, sum, true));
    long tape = obj.tapeBytes();
    double iterates = (double) k * n * BLOCK * Double.BYTES;

    List<Row> rows = new ArrayList<>();
    rows.add(Row.atLeast("P1", rate / dgemm, 0.70, ">=0.70", String.format(Locale.ROOT,
        "forward %.2f ms = %.1f GFLOP/s useful; DGEMM(512) %.1f GFLOP/s; m=%d n=%d B=%d K=%d mu=%.1f, 1 thread",
        tForward * 1e3, rate / 1e9, dgemm / 1e9, m, n, BLOCK, k, Instance.MU)));
    rows.add(Row.atMost("P2", tReverse / tForward, 2.5, "<=2.5", String.format(Locale.ROOT,
        "forward+tape+reverse %.2f ms / forward %.2f ms (forward+loss %.2f ms)", tReverse * 1e3, tForward * 1e3,
        tLoss * 1e3)));
    rows.add(Row.atMost("P2m", tape / iterates, 1.0 / 16, "<=0.0625", String.format(Locale.ROOT,
        "tape %.2f MB / K dense iterates %.2f MB", tape / 1e6, iterates / 1e6)));
    return rows;
  }
}
