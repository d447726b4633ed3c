package io.bmo.jobs.spark;

import io.bmo.core.simd.Simd;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job. The master comes from spark-submit ({@code spark.master}), else from
 * {@code --master}, else {@code local[*]}. Native BLAS is pinned to one thread per task on the executors.
 */
public final class SparkRuntime {
  private final SparkSession session;
  private final JavaSparkContext jsc;

  private SparkRuntime(SparkSession session) {
    this.session = session;
    this.jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
  }

  /**
   * Starts (or joins) the session.
   *
   * @param appName the Spark application name
   * @param masterOption the {@code --master} option, or null for spark-submit's or local[*]
   * @return the runtime
   */
  public static SparkRuntime start(String appName, String masterOption) {
    // the seconds Spark takes to start leave a core idle: the JIT compiles the vector passes there (local executors
    // share this JVM; a cluster's executors warm up on first use)
    Simd.warmUpInBackground();
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(masterOption != null ? masterOption : "local[*]");
    }
    conf.setAppName(appName);
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // A task's reduction sum is 29 bytes per coordinate of ω (3.6 MB for the main job). Above Spark's 1 MB default the
    // result goes through the block manager and the driver fetches it back: about 7 ms more per step here. Spark caps
    // this at spark.rpc.message.maxSize (128 MB by default).
    conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return new SparkRuntime(SparkSession.builder().config(conf).getOrCreate());
  }

  /** {@return the master URL} */
  public String master() {
    return jsc.master();
  }

  /** {@return the Java Spark context} */
  public JavaSparkContext context() {
    return jsc;
  }

  /** {@return the Spark session} */
  public SparkSession session() {
    return session;
  }

  /**
   * A shard executor on this session, partitions from Spark's default parallelism.
   *
   * @param problem the sharded problem (broadcast once)
   * @param trainPlan the training set's shards
   * @param testPlan the test set's shards, or null
   * @param name the run name, for the Spark UI
   * @return the executor
   */
  public SparkShardExecutor executor(ShardedProblem problem, ShardPlan trainPlan, ShardPlan testPlan, String name) {
    return executor(problem, trainPlan, testPlan, name, 0, 0);
  }

  /**
   * A shard executor on this session over {@code partitions} partitions (0 = default parallelism).
   *
   * @param problem the sharded problem (broadcast once)
   * @param trainPlan the training set's shards
   * @param testPlan the test set's shards, or null
   * @param name the run name, for the Spark UI
   * @param partitions Spark partitions, 0 = default parallelism
   * @param stepsPerJob Algorithm 1 steps per Spark job ({@link SparkShardExecutor#setStepsPerJob})
   * @return the executor
   */
  public SparkShardExecutor executor(ShardedProblem problem, ShardPlan trainPlan, ShardPlan testPlan, String name,
      int partitions, int stepsPerJob) {
    SparkShardExecutor ex = new SparkShardExecutor(jsc, problem, trainPlan, testPlan, name, partitions);
    ex.setStepsPerJob(stepsPerJob);
    return ex;
  }

  /** Stops the session. */
  public void stop() {
    session.stop();
  }
}
