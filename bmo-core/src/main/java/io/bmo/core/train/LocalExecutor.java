package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.aggregate.ReproducibleStepSum;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs shards on a fixed number of threads of this JVM, one {@link ShardTask} per thread. Results are returned in
 * shard order, so the outcome does not depend on the thread count.
 */
public final class LocalExecutor implements ShardExecutor {
  private final ShardedProblem problem;
  private final ShardPlan trainPlan;
  private final ShardPlan testPlan;
  private final int threads;
  private final ExecutorService pool;
  private final ThreadLocal<ShardTask> tasks;

  /**
   * @param testPlan may be null when the problem has no test set
   * @param threads ≥ 1
   */
  public LocalExecutor(ShardedProblem problem, ShardPlan trainPlan, ShardPlan testPlan, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.problem = problem;
    this.trainPlan = trainPlan;
    this.testPlan = testPlan;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bmo-shard");
      t.setDaemon(true);
      return t;
    });
    this.tasks = ThreadLocal.withInitial(problem::newTask);
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    double[] w = omega.clone();
    List<Callable<LossGradientSum>> jobs = new ArrayList<>();
    for (int s = 0; s < trainPlan.shards(); s++) {
      final int shard = s;
      jobs.add(() -> tasks.get().train(w, trainPlan, shard, batch, withGradient));
    }
    return runAll(jobs).toArray(new LossGradientSum[0]);
  }

  /**
   * Each thread takes shards from a shared counter and adds their sums into its own {@link ReproducibleStepSum}, as
   * a Spark task does; the threads' sums are then merged. The binned sums do not depend on which thread took which
   * shard, so the bits equal {@link #train}'s fold, and the adds run beside the shards' work instead of after it.
   */
  @Override
  public LossGradientSum trainTotal(double[] omega, long[] batch, boolean withGradient) {
    double[] w = omega.clone();
    int shards = trainPlan.shards();
    AtomicInteger next = new AtomicInteger();
    List<Callable<ReproducibleStepSum>> jobs = new ArrayList<>();
    for (int t = 0; t < Math.min(threads, shards); t++) {
      jobs.add(() -> {
        ReproducibleStepSum acc = null;
        for (int s = next.getAndIncrement(); s < shards; s = next.getAndIncrement()) {
          LossGradientSum part = tasks.get().train(w, trainPlan, s, batch, withGradient);
          acc = ReproducibleStepSum.addTo(acc, part);
        }
        return acc;
      });
    }
    ReproducibleStepSum total = null;
    for (ReproducibleStepSum part : runAll(jobs)) {
      total = ReproducibleStepSum.merged(total, part);
    }
    return ReproducibleStepSum.resultOf(total, shards);
  }

  @Override
  public double[][][] evaluate(double[] omega, boolean onTest, int[] settings) {
    ShardPlan plan = onTest ? testPlan : trainPlan;
    if (plan == null) {
      throw new IllegalStateException("no test set configured");
    }
    double[] w = omega.clone();
    List<Callable<double[][]>> jobs = new ArrayList<>();
    for (int s = 0; s < plan.shards(); s++) {
      final int shard = s;
      jobs.add(() -> tasks.get().evaluate(w, onTest, plan, shard, settings));
    }
    return runAll(jobs).toArray(new double[0][][]);
  }

  private <T> List<T> runAll(List<Callable<T>> jobs) {
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> j : jobs) {
      fs.add(pool.submit(j));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : fs) {
      out.add(Futures.join(f));
    }
    return out;
  }

  @Override
  public String describe() {
    return "local, " + threads + (threads == 1 ? " thread" : " threads");
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
