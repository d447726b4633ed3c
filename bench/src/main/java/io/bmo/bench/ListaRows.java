package io.bmo.bench;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.Projection;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Row L1: the main job's hypergradient, lista-tied (m = 250, n = 500, K = 16, μ = 0, ω at its start) forward + tape +
 * reverse + ∂W on 1,024 examples, 1 thread, in blocks of {@link #BLOCK} (the {@code hypergrad} default), and the same
 * in blocks of 64 (the main job's 16 shards of a 1,024 batch) in the note. Useful FLOPs are those of the factored
 * form, the fewest of the two forms: per block of B, {@code 2mnB} for the first layer (Wᵀb; A·0 is skipped), two
 * m×n×B products for each later layer forward, three for each later layer backward (W z̄, Aᵀ(·), z̄rᵀ) and one for
 * the first layer's ∂W: {@code 2mnB(5K − 3)}. Interleaved rounds against DGEMM 512³, median of per-round ratios.
 */
final class ListaRows {
  static final int EXAMPLES = 1024;
  static final int BLOCK = 256;
  static final int SHARD_BLOCK = 64;

  private ListaRows() {}

  static List<Row> run(Instance inst, int rounds) throws Exception {
    int m = Instance.M;
    int n = Instance.N;
    int k = Instance.LAYERS;
    SparseModel model = SparseModel.LISTA_TIED;
    SparseCodingMap map = new SparseCodingMap(model, inst.dictionary, m, n, k);
    map.bind(inst.omega(model, k));
    double[][] bx = inst.block(EXAMPLES);
    BmoConfig cfg = new BmoConfig(k, 0.0, Instance.BETA, Instance.ALPHA, Projection.NONE);
    UnrolledObjective obj = new UnrolledObjective(map, cfg, new HypergradientMethod.Reverse());
    LossGradientSum sum = obj.newSum();
    Timer.Work big = blocks(obj, sum, bx, m, n, BLOCK);
    Timer.Work small = blocks(obj, sum, bx, m, n, SHARD_BLOCK);
    KernelRows.Dgemm dg = new KernelRows.Dgemm(512);
    for (int w = 0; w < 2; w++) {
      dg.run();
      big.run();
      small.run();
    }
    double flops = 2.0 * m * n * EXAMPLES * (5 * k - 3);
    double[] r1 = new double[rounds];
    double[] r64 = new double[rounds];
    double[] tb = new double[rounds];
    double[] ts = new double[rounds];
    double[] dr = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      dr[i] = dg.flops() / Timer.median(0, 5, dg::run);
      tb[i] = Timer.median(0, 1, big);
      ts[i] = Timer.median(0, 1, small);
      r1[i] = flops / tb[i] / dr[i];
      r64[i] = flops / ts[i] / dr[i];
    }
    List<Row> rows = new ArrayList<>();
    rows.add(Row.atLeast("L1", KernelRows.median(r1), 0.9, ">=0.90", String.format(Locale.ROOT,
        "lista-tied forward+tape+reverse+dW, %d examples in blocks of %d: %.1f ms = %.1f GFLOP/s useful (%.2f GFLOP);"
        + " blocks of %d: %.1f ms, ratio %.2f; DGEMM(512) %.1f GFLOP/s; 1 thread, medians of %d interleaved rounds",
        EXAMPLES, BLOCK, KernelRows.median(tb) * 1e3, flops / KernelRows.median(tb) / 1e9, flops / 1e9, SHARD_BLOCK,
        KernelRows.median(ts) * 1e3, KernelRows.median(r64), KernelRows.median(dr) / 1e9, rounds)));
    return rows;
  }

  private static Timer.Work blocks(UnrolledObjective obj, LossGradientSum sum, double[][] bx, int m, int n,
      int cols) {
    List<Block> list = new ArrayList<>();
    for (int c0 = 0; c0 < EXAMPLES; c0 += cols) {
      double[] b = java.util.Arrays.copyOfRange(bx[0], c0 * m, (c0 + cols) * m);
      double[] x = java.util.Arrays.copyOfRange(bx[1], c0 * n, (c0 + cols) * n);
      list.add(new Block(b, x, cols));
    }
    return () -> {
      for (Block blk : list) {
        obj.add(blk, sum, true);
      }
    };
  }
}
