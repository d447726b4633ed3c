package io.bmo.core.train;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.problem.SparseCodingProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs shards on a fixed number of threads of this JVM, one {@link ShardWorker} per thread. Results are returned
 * in shard order, so the outcome does not depend on the thread count.
 */
public final class LocalExecutor implements ShardExecutor {
  private final SparseCodingProblem spec;
  private final ExampleSource train;
  private final ShardPlan trainPlan;
  private final ExampleSource test;
  private final ShardPlan testPlan;
  private final int threads;
  private final ExecutorService pool;
  private final ThreadLocal<ShardWorker> workers;

  /**
   * @param test may be null (no test set)
   * @param threads ≥ 1
   */
  public LocalExecutor(SparseCodingProblem spec, ExampleSource train, ShardPlan trainPlan, ExampleSource test,
      ShardPlan testPlan, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.spec = spec;
    this.train = train;
    this.trainPlan = trainPlan;
    this.test = test;
    this.testPlan = testPlan;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bmo-shard");
      t.setDaemon(true);
      return t;
    });
    this.workers = ThreadLocal.withInitial(() -> new ShardWorker(spec));
  }

  @Override
  public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
    double[] w = omega.clone();
    List<Future<LossGradientSum>> fs = new ArrayList<>();
    for (int s = 0; s < trainPlan.shards(); s++) {
      final int shard = s;
      fs.add(pool.submit(() -> workers.get().train(w, train, trainPlan, shard, batch, withGradient)));
    }
    LossGradientSum[] out = new LossGradientSum[fs.size()];
    for (int s = 0; s < out.length; s++) {
      out[s] = get(fs.get(s));
    }
    return out;
  }

  @Override
  public double[][][] evaluate(double[] omega, boolean onTest, int[] depths) {
    ExampleSource src = onTest ? test : train;
    ShardPlan plan = onTest ? testPlan : trainPlan;
    if (src == null) {
      throw new IllegalStateException("no test set configured");
    }
    double[] w = omega.clone();
    List<Future<double[][]>> fs = new ArrayList<>();
    for (int s = 0; s < plan.shards(); s++) {
      final int shard = s;
      fs.add(pool.submit(() -> workers.get().evaluate(w, src, plan, shard, depths)));
    }
    double[][][] out = new double[fs.size()][][];
    for (int s = 0; s < out.length; s++) {
      out[s] = get(fs.get(s));
    }
    return out;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  @Override
  public String describe() {
    return "local, " + threads + (threads == 1 ? " thread" : " threads");
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** The spec this executor runs. */
  public SparseCodingProblem spec() {
    return spec;
  }
}
