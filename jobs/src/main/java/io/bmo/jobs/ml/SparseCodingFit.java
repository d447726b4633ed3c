package io.bmo.jobs.ml;

import io.bmo.core.operator.Spectral;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.sparsecoding.SparseCodingFamily;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.config.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The distributed fit of {@link SparseCodingEstimator}: the DataFrame's rows, numbered in order, become one
 * resident {@link ResidentShards} per shard of the {@link ShardPlan} (a cached RDD), and the {@link Trainer} loop of
 * {@code train} runs over them through a {@link ResidentShardExecutor}. ω starts at θ = λ₀/L, s = step0/L, W = A
 * (L = ‖A‖², for alista ‖WᵀA‖₂, as in {@code train}); Adam with the {@code optimizer} defaults of
 * {@code bmo-defaults.conf} updates it, followed by θ ≥ 0 and s ∈ [0.01/L, 1.99/L].
 */
final class SparseCodingFit {
  private SparseCodingFit() {}

  /**
   * What a fit learned.
   *
   * @param omega the final ω
   * @param losses upper loss φ at each step
   * @param alistaW ALISTA's W (m × n column-major), null for other models
   */
  record Result(double[] omega, double[] losses, double[] alistaW) {}

  /**
   * Fits ω with the parameters of {@code p} on the {@code signalCol} / {@code codeCol} columns of {@code dataset}.
   *
   * @throws IllegalArgumentException for an empty DataFrame or invalid parameters (the dictionary not set, a
   *     combination the problem rejects)
   */
  static Result run(SparseCodingParams p, Dataset<?> dataset) {
    SparseCodingProblem problem = SparseCodingParamDefs.problem(p, null);
    int m = problem.m();
    int n = problem.n();
    String sc = p.getSignalCol();
    String cc = p.getCodeCol();
    JavaRDD<Row> rows = dataset.select(sc, cc).toJavaRDD();
    long count = rows.count();
    if (count == 0) {
      throw new IllegalArgumentException("the training DataFrame is empty");
    }
    ShardPlan plan = new ShardPlan(count, (int) Math.min(p.getShards(), count), p.getBlockSize());
    JavaRDD<ResidentShards> resident = ShardRows.of(rows, plan, m, n, sc, cc)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    try {
      // ALISTA's step acts on M = WᵀA (diag 1), so its unit is ‖WᵀA‖₂; every other model's is ‖A‖² (as in train).
      double lip = problem.model() == SparseModel.ALISTA ? problem.map().operatorNorm()
          : Spectral.lipschitz(problem.dictionary(), m, n);
      double[] omega = problem.map().initialOmega(p.getLambda0() / lip, p.getStep0() / lip);
      TrainConfig.Opt opt = new TrainConfig.Opt("adam", p.getLearningRate(), 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99);
      Optimizer optimizer = opt.build(SparseCodingFamily.constraint(problem.map().layout(), opt.stepMin(),
          opt.stepMax(), lip));
      optimizer.projectInitial(omega);
      SparseCodingShards shardsProblem = new SparseCodingShards(problem, new SizeOnlySource(m, n, count), null);
      List<Trainer.StepMetrics> history = new ArrayList<>();
      try (ResidentShardExecutor ex = new ResidentShardExecutor(jsc, resident, problem, plan)) {
        new Trainer(ex, shardsProblem, plan, optimizer,
            new Trainer.Settings(p.getSteps(), p.getBatchSize(), p.getSeed(), 0))
            .run(omega, new OptState(), (mt, w, s) -> history.add(mt));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      double[] losses = history.stream().mapToDouble(Trainer.StepMetrics::loss).toArray();
      return new Result(omega, losses, problem.alistaW());
    } finally {
      resident.unpersist(false);
    }
  }
}
