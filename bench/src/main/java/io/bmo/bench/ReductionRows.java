package io.bmo.bench;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.sparsecoding.SyntheticSource;
import io.bmo.jobs.spark.SparkRuntime;
import io.bmo.jobs.spark.SparkShardExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rows R1 and R2: the cost of the order-independent reduction of the per-step sums.
 *
 * <p>R1: reduction ÷ hypergradient per step on the main job's shape (lista-tied, m = 250, n = 500, K = 16, 1,024
 * examples in 8 shards, |ω| = 125,002): the hypergradient on 2 threads vs reducing its 8 shard sums as two Spark
 * tasks do (each adds its 4 shard sums, in parallel, then one merge).
 *
 * <p>R2: driver time and peak live heap per step as the shard count grows (16 → 4,096; quick: 16 → 256), at
 * |ω| = 125 k and 10⁶, on Spark local[2] with shard sums that cost only their generation: the tree reduction
 * ({@link SparkShardExecutor#trainTotal}) beside the earlier path (collect every shard's sum, fold in shard order),
 * which is run only while its collected bytes stay below 256 MB (beyond, it exhausts this bench's 4 GB heap; past
 * 1 GiB it also exceeds Spark's default {@code spark.driver.maxResultSize}).
 * Executors live in the driver's JVM here, so the heap includes them; what grows with shards is the collected data.
 * The value is the driver's CPU time per step (every thread but Spark's task threads) at the most shards over at 16:
 * flat when the driver's work does not grow with shards; the note adds step time and peak live heap.
 */
final class ReductionRows {
  private final Instance inst;
  private final boolean quick;

  ReductionRows(Instance inst, boolean quick) {
    this.inst = inst;
    this.quick = quick;
  }

  /** A problem whose shard sums are seeded pseudo-random vectors of length {@code dim}: the reduction alone. */
  record SumProblem(int dim, long examples) implements ShardedProblem {
    @Override
    public ParamLayout layout() {
      return ParamLayout.builder().add("w", dim).build();
    }

    @Override
    public long trainSize() {
      return examples;
    }

    @Override
    public long testSize() {
      return 0;
    }

    @Override
    public ShardTask newTask() {
      return new ShardTask() {
        @Override
        public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean grad) {
          SplittableRandom r = new SplittableRandom(shard);
          LossGradientSum s = new LossGradientSum(dim, 0);
          double[] g = s.gradSumBuffer();
          for (int i = 0; i < dim; i++) {
            g[i] = r.nextDouble() - 0.5;
          }
          s.addLossAndCount(r.nextDouble(), plan.end(shard) - plan.start(shard));
          return s;
        }

        @Override
        public double[][] evaluate(double[] omega, boolean test, ShardPlan plan, int shard, int[] settings) {
          return new double[][] {{0}};
        }
      };
    }

    @Override
    public int[] evalDepths() {
      return new int[] {0};
    }

    @Override
    public boolean needsTrainEvaluation() {
      return false;
    }

    @Override
    public Map<String, Double> metrics(LossGradientSum train, double[][] trainEval, double[][] testEval) {
      return Map.of();
    }
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(costRow());
    SparkRuntime rt = SparkRuntime.start("bmo-bench-reduction", "local[2]");
    try {
      for (int dim : new int[] {125_000, 1_000_000}) {
        rows.add(scalingRow(rt, dim));
      }
    } finally {
      rt.stop();
    }
    return rows;
  }

  private Row costRow() throws Exception {
    int examples = 1024;
    SparseCodingProblem p = new SparseCodingProblem(SparseModel.LISTA_TIED, inst.dictionary, Instance.M,
        Instance.N, Instance.inner(Instance.LAYERS), new HypergradientMethod.Reverse());
    ShardPlan plan = new ShardPlan(examples, 8, 256);
    SparseCodingShards problem = new SparseCodingShards(p, SyntheticSource.training(inst.generator, examples), null);
    double[] omega = inst.omega(SparseModel.LISTA_TIED, Instance.LAYERS);
    int rounds = quick ? 3 : 7;
    double[] hyper = new double[rounds];
    double[] reduce = new double[rounds];
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try (LocalExecutor ex = new LocalExecutor(problem, plan, null, 2)) {
      LossGradientSum[] warm = ex.train(omega, null, true);
      for (int i = 0; i < 200; i++) { // the reduction's code compiled (C2), as after some steps of a run
        reduceAsTasks(warm, pool);
      }
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        LossGradientSum[] sums = ex.train(omega, null, true);
        long t1 = System.nanoTime();
        reduceAsTasks(sums, pool);
        long t2 = System.nanoTime();
        hyper[i] = (t1 - t0) / 1e9;
        reduce[i] = (t2 - t1) / 1e9;
      }
    } finally {
      pool.shutdownNow();
    }
    double h = KernelRows.median(hyper);
    double r = KernelRows.median(reduce);
    return Row.atMost("R1", r / h, 0.02, "<=0.02", String.format(Locale.ROOT,
        "reduction of 8 shard sums, |omega| = %d, as 2 tasks (4 adds each, one merge) %.2f ms vs lista-tied hypergradient on 1024 examples,"
        + " 2 threads %.1f ms (medians of %d)", omega.length, r * 1e3, h * 1e3, rounds));
  }

  /** Two "tasks" add half of the shard sums each, in parallel; then one merge and the result, as on the driver. */
  private static LossGradientSum reduceAsTasks(LossGradientSum[] sums, java.util.concurrent.ExecutorService pool)
      throws Exception {
    int half = sums.length / 2;
    java.util.concurrent.Future<ReproducibleStepSum> a = pool.submit(() -> addAll(sums, 0, half));
    java.util.concurrent.Future<ReproducibleStepSum> b = pool.submit(() -> addAll(sums, half, sums.length));
    return a.get().merge(b.get()).result();
  }

  private static ReproducibleStepSum addAll(LossGradientSum[] sums, int from, int to) {
    ReproducibleStepSum r = new ReproducibleStepSum(sums[0].dim(), sums[0].statsBuffer().length);
    for (int i = from; i < to; i++) {
      r.add(sums[i]);
    }
    return r;
  }

  private Row scalingRow(SparkRuntime rt, int dim) throws Exception {
    int[] shardCounts = quick ? new int[] {16, 64, 256} : new int[] {16, 64, 256, 1024, 4096};
    // The ordered collect holds every shard's sum on the driver (serialized and deserialized); past 256 MB it takes
    // down this 4 GB bench JVM (measured: 1,024 shards × 125 k = 1 GB ran out of heap), so it is not run there.
    long maxOrdered = 256L << 20;
    StringBuilder note = new StringBuilder("|omega| = " + dim + "; shards: tree s/step, driver CPU ms, MB |"
        + " ordered collect s/step, driver CPU ms, MB:");
    double first = 0;
    double last = 0;
    for (int shards : shardCounts) {
      SumProblem problem = new SumProblem(dim, shards * 4L);
      ShardPlan plan = new ShardPlan(problem.trainSize(), shards, 4);
      SparkShardExecutor ex = rt.executor(problem, plan, null, "bench-r2-" + dim + "-" + shards);
      double[] omega = new double[dim];
      try {
        ex.trainTotal(omega, null, true); // warm-up
        LiveHeap.Measured<LossGradientSum> tree = LiveHeap.measure(() -> ex.trainTotal(omega, null, true));
        note.append(String.format(Locale.ROOT, " %d: %.2f s, %.0f ms (most: %s), %.0f MB |", shards, tree.seconds(),
            tree.driverCpuSeconds() * 1e3, tree.busiestDriverThread(), tree.peakMb()));
        if ((long) shards * dim * 8 <= maxOrdered) {
          LiveHeap.Measured<LossGradientSum> ordered = LiveHeap.measure(() -> {
            LossGradientSum[] parts = ex.train(omega, null, true);
            LossGradientSum acc = new LossGradientSum(dim, 0);
            for (LossGradientSum s : parts) {
              acc.merge(s);
            }
            return acc;
          });
          note.append(String.format(Locale.ROOT, " %.2f s, %.0f ms, %.0f MB;", ordered.seconds(),
              ordered.driverCpuSeconds() * 1e3, ordered.peakMb()));
        } else {
          note.append(String.format(Locale.ROOT, " not run (%.2f GB to collect);", shards * (double) dim * 8 / 1e9));
        }
        if (first == 0) {
          first = tree.driverCpuSeconds();
        }
        last = tree.driverCpuSeconds();
      } finally {
        ex.close();
      }
    }
    // The driver's CPU time per step at the most shards over at 16: flat means the driver's work does not grow
    // with shards (it receives one total per task, a fixed number here).
    return Row.atMost(dim >= 1_000_000 ? "R2m" : "R2", last / first, 1.5, "<=1.5", note.toString());
  }
}
