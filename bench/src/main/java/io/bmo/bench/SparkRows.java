package io.bmo.bench;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.optim.Transforms;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.train.Trainer;
import io.bmo.core.sparsecoding.SyntheticSource;
import io.bmo.jobs.spark.SparkRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows P4 and P6 on Spark local[2] (executors in this JVM, one BLAS thread per task).
 *
 * <p>P4: full-batch training steps (ista-layerwise, K = 16, μ = 0.2, 16 shards, blocks of 256, synthetic data
 * generated in the tasks) with the Spark shard executor (its step groups included) vs the core
 * {@link LocalExecutor} on 2 threads; throughput is examples·steps per second of the timed steps on the wall clock,
 * after one untimed warm-up step each.
 *
 * <p>P6: one full-batch training step over 10⁶ synthetic signals (K = 1 to keep it short; memory does not depend on
 * K beyond the tape of one block) and over 10⁵. The value is the ratio of the largest heap in use right after any
 * garbage collection during the step (the live set, read from GC notifications): about 1 when executor memory is
 * O(block), about 10 if it were O(data).
 */
final class SparkRows {
  private final Instance inst;
  private final boolean quick;

  SparkRows(Instance inst, boolean quick) {
    this.inst = inst;
    this.quick = quick;
  }

  private SparseCodingProblem problem(int layers) {
    return new SparseCodingProblem(SparseModel.ISTA_LAYERWISE, inst.dictionary, Instance.M, Instance.N,
        Instance.inner(layers), new HypergradientMethod.Reverse());
  }

  private static Optimizer sgd() {
    return new Optimizer(List.of(Transforms.sgd(1e-3, 0.0)), ParamConstraint.clamp(0, 1, 0.0, Double.MAX_VALUE));
  }

  /** Seconds of each of {@code steps} full-batch steps. */
  private double[] steps(ShardExecutor ex, ShardedProblem problem, ShardPlan plan, int layers, int steps)
      throws Exception {
    double[] omega = inst.omega(SparseModel.ISTA_LAYERWISE, layers);
    List<Double> secs = new ArrayList<>();
    new Trainer(ex, problem, plan, sgd(), new Trainer.Settings(steps, 0, 1, 0))
        .run(omega, new OptState(), (m, w, s) -> secs.add(m.seconds()));
    return secs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Examples·steps per second of {@code steps} full-batch steps, timed on the wall clock after one untimed step
   * (the executor may run the timed steps in one call: Spark's step groups).
   */
  private double throughput(ShardExecutor ex, ShardedProblem problem, ShardPlan plan, int layers, int steps,
      long examples) throws Exception {
    double[] omega = inst.omega(SparseModel.ISTA_LAYERWISE, layers);
    OptState state = new OptState();
    Trainer trainer = new Trainer(ex, problem, plan, sgd(), new Trainer.Settings(1 + steps, 0, 1, 0));
    trainer.steps(omega, state, 1, (m, w, s) -> { });
    long t0 = System.nanoTime();
    while (state.step() < 1 + steps) {
      trainer.steps(omega, state, 1 + steps, (m, w, s) -> { });
    }
    return examples * steps / ((System.nanoTime() - t0) / 1e9);
  }

  List<Row> run() throws Exception {
    int layers = Instance.LAYERS;
    long examples = quick ? 1024 : 8192;
    int steps = quick ? 2 : 3;
    ShardPlan plan = new ShardPlan(examples, 16, 256);
    SyntheticSource train = SyntheticSource.training(inst.generator, examples);
    SparseCodingShards problem = new SparseCodingShards(problem(layers), train, null);
    List<Row> rows = new ArrayList<>();
    SparkRuntime rt = SparkRuntime.start("bmo-bench", "local[2]");
    try {
      // Interleaved rounds, the ratio taken within each round and its median reported: background load that
      // changes between rounds moves both sides of a round alike.
      int rounds = 3;
      double[] ratio = new double[rounds];
      double[] tl = new double[rounds];
      double[] ts = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        try (LocalExecutor ex = new LocalExecutor(problem, plan, null, 2)) {
          tl[round] = throughput(ex, problem, plan, layers, steps, examples);
        }
        try (ShardExecutor ex = rt.executor(problem, plan, null, "bench-p4-" + round)) {
          ts[round] = throughput(ex, problem, plan, layers, steps, examples);
        }
        ratio[round] = ts[round] / tl[round];
      }
      double sMed = KernelRows.median(ts);
      rows.add(Row.atLeast("P4", KernelRows.median(ratio), 0.90, ">=0.90", String.format(Locale.ROOT,
          "spark local[2] %.0f vs local 2 threads %.0f examples*steps/s (medians; per-round ratios %s);"
          + " N=%d, K=%d, epoch %.2f s", sMed, KernelRows.median(tl), java.util.Arrays.toString(round2(ratio)),
          examples, layers, examples / sMed)));

      long big = quick ? 50_000 : 1_000_000;
      long small = big / 10;
      double[] mbSmall = liveHeapMb(rt, small);
      double[] mbBig = liveHeapMb(rt, big);
      rows.add(Row.atMost("P6", mbBig[0] / mbSmall[0], 1.25, "<=1.25", String.format(Locale.ROOT,
          "max live heap after GC during a 1-step epoch: %.0f MB at N=%d (%.1f s) vs %.0f MB at N=%d (%.1f s);"
          + " data would be %.0f MB", mbBig[0], big, mbBig[1], mbSmall[0], small, mbSmall[1],
          big * (Instance.M + Instance.N) * 8.0 / 1e6)));
    } finally {
      rt.stop();
    }
    return rows;
  }

  private static double[] round2(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 100) / 100.0;
    }
    return r;
  }

  /** {max MB in use after any GC during one full-batch step over {@code examples} signals, seconds}. */
  private double[] liveHeapMb(SparkRuntime rt, long examples) throws Exception {
    int layers = 1;
    ShardPlan plan = new ShardPlan(examples, 16, 256);
    SyntheticSource train = SyntheticSource.training(inst.generator, examples);
    SparseCodingShards p6 = new SparseCodingShards(problem(layers), train, null);
    LiveHeap.Measured<Double> m = LiveHeap.measure(() -> {
      try (ShardExecutor ex = rt.executor(p6, plan, null, "bench-p6-" + examples)) {
        return steps(ex, p6, plan, layers, 1)[0];
      }
    });
    return new double[] {m.peakMb(), m.value()};
  }
}
