package io.bmo.jobs.spark;

import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.run.MetricsLog;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /**
   * Writes the per-step metrics as a single Parquet file directory.
   *
   * @param log the metrics
   * @param uri the output directory (Hadoop URI)
   */
  public void writeMetricsParquet(MetricsLog log, String uri) {
    List<String> names = log.names();
    StructType schema = new StructType()
        .add("step", DataTypes.LongType)
        .add("loss", DataTypes.DoubleType)
        .add("grad_norm", DataTypes.DoubleType);
    for (String n : names) {
      schema = schema.add(n, DataTypes.DoubleType);
    }
    schema = schema.add("examples", DataTypes.LongType).add("seconds", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (Trainer.StepMetrics m : log.rows()) {
      Object[] v = new Object[names.size() + 5];
      v[0] = m.step();
      v[1] = m.loss();
      v[2] = m.gradNorm();
      for (int i = 0; i < names.size(); i++) {
        v[3 + i] = m.value(names.get(i));
      }
      v[names.size() + 3] = m.examples();
      v[names.size() + 4] = m.seconds();
      rows.add(RowFactory.create(v));
    }
    Dataset<Row> df = session.createDataFrame(rows, schema).coalesce(1);
    df.write().mode(SaveMode.Overwrite).parquet(uri);
  }

  /** Stops the session. */
  public void stop() {
    session.stop();
  }
}
