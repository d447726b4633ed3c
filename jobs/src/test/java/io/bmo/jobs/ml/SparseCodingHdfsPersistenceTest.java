package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.MlFixtures.M;
import static io.bmo.jobs.ml.MlFixtures.N;
import static io.bmo.jobs.ml.MlFixtures.assertSameBits;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.MiniHdfs;
import io.bmo.jobs.SparkTestData;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and load through a real HDFS (an in-process MiniDFSCluster on loopback): a model and a PipelineModel holding
 * it round-trip to the same ω and prediction bits, overwrite works there, and a missing hdfs:// path fails naming it.
 */
class SparseCodingHdfsPersistenceTest {
  static MiniHdfs cluster;
  static String hdfs;

  @TempDir
  static Path base;

  @BeforeAll
  static void startHdfs() throws IOException {
    cluster = MiniHdfs.start(base.resolve("hdfs"));
    hdfs = cluster.uri();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void modelAndPipelineModelRoundTripThroughHdfs() throws IOException {
    SparkSession spark = SparkTestData.session("local[2]", "ml-hdfs-test");
    try {
      MlFixtures.Data data = MlFixtures.Data.generate(32, 9);
      Dataset<Row> df = data.frame(spark);
      SparseCodingEstimator est = new SparseCodingEstimator().setDictionary(M, N, data.a()).setModel("lista-tied")
          .setLayers(3).setSteps(3).setLearningRate(1e-2).setShards(2).setBlockSize(8);
      PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {est}).fit(df);
      SparseCodingModel model = (SparseCodingModel) pm.stages()[0];
      double[][] predictions = column(model.transform(df), "prediction");

      model.write().save(hdfs + "/models/m");
      model.write().overwrite().save(hdfs + "/models/m");
      SparseCodingModel back = SparseCodingModel.load(hdfs + "/models/m");
      assertSameBits(model.omega(), back.omega(), "omega");
      assertSameBits(predictions, column(back.transform(df), "prediction"));
      assertTrue(cluster.exists("/models/m/data/omega/W.npy"));

      pm.write().save(hdfs + "/models/pipeline");
      PipelineModel pmBack = PipelineModel.load(hdfs + "/models/pipeline");
      assertSameBits(predictions, column(pmBack.transform(df), "prediction"));

      String missing = hdfs + "/models/none";
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SparseCodingModel.load(missing));
      assertTrue(e.getMessage().startsWith(missing + ": cannot load a SparseCodingModel: no such directory"),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    } finally {
      spark.stop();
    }
  }
}
