package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.MlFixtures.M;
import static io.bmo.jobs.ml.MlFixtures.N;
import static io.bmo.jobs.ml.MlFixtures.assertSameBits;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.jobs.SparkTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator inside a {@link Pipeline} (an {@link SQLTransformer} renaming the signal column, then the
 * estimator) tuned by a {@link CrossValidator} over a 2 × 2 grid (layers × learning rate) with
 * {@link SparseCodingEvaluator}: the average metrics equal an independent loop over folds and grid points bit for
 * bit, the chosen parameters are that loop's argmin, the best model's ω equals a direct {@code fit} with them, and
 * the saved {@code CrossValidatorModel} and {@code PipelineModel} load and transform to the same bits.
 */
class SparseCodingCrossValidationTest {
  static final int FOLDS = 2;

  @TempDir
  Path dir;

  @Test
  void crossValidatorChoosesTheBestMeanMetricAndPersists() throws IOException {
    SparkSession spark = SparkTestData.session("local[2]", "cross-validation-test");
    try {
      MlFixtures.Data data = MlFixtures.Data.generate(48, 13);
      Dataset<Row> df = data.frame(spark);
      SQLTransformer rename = new SQLTransformer().setStatement("SELECT *, signal AS b FROM __THIS__");
      SparseCodingEstimator est = new SparseCodingEstimator().setDictionary(M, N, data.a())
          .setModel("ista-layerwise").setSignalCol("b").setSteps(4).setShards(2).setBlockSize(16);
      Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {rename, est});
      ParamMap[] grid = new ParamGridBuilder().addGrid(est.layers(), new int[] {2, 5})
          .addGrid(est.learningRate(), new double[] {3e-2, 1e-4}).build();
      SparseCodingEvaluator eval = new SparseCodingEvaluator();
      CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
          .setEvaluator(eval).setNumFolds(FOLDS).setFoldCol("fold");
      CrossValidatorModel cvModel = cv.fit(df);

      // Independent loop: grid point g fitted on the rows of the other folds (in order), scored on fold k.
      double[] mean = new double[grid.length];
      for (int g = 0; g < grid.length; g++) {
        double sum = 0.0;
        for (int k = 0; k < FOLDS; k++) {
          Dataset<Row> train = df.filter(col("fold").notEqual(k)).drop("fold");
          Dataset<Row> valid = df.filter(col("fold").equalTo(k)).drop("fold");
          sum += eval.evaluate(pipeline.fit(train, grid[g]).transform(valid));
        }
        mean[g] = sum / FOLDS;
      }
      assertSameBits(mean, cvModel.avgMetrics(), "avgMetrics");
      assertEquals(grid.length, Arrays.stream(mean).distinct().count(), "grid points must score differently");
      int best = 0; // argmin: every metric is smaller-is-better
      for (int g = 1; g < grid.length; g++) {
        best = mean[g] < mean[best] ? g : best;
      }

      PipelineModel bestPipeline = (PipelineModel) cvModel.bestModel();
      SparseCodingModel chosen = (SparseCodingModel) bestPipeline.stages()[1];
      int layers = (Integer) grid[best].apply(est.layers());
      double lr = (Double) grid[best].apply(est.learningRate());
      assertEquals(layers, chosen.getLayers());
      assertEquals(lr, chosen.getLearningRate());
      SparseCodingModel direct = est.copy(new ParamMap()).setLayers(layers).setLearningRate(lr)
          .fit(rename.transform(df));
      assertSameBits(direct.omega(), chosen.omega(), "omega of the chosen model vs a direct fit");

      double[][] predictions = column(cvModel.transform(df), "prediction");
      assertSameBits(column(direct.transform(rename.transform(df)), "prediction"), predictions);

      String cvPath = dir.resolve("cv").toUri().toString();
      cvModel.write().save(cvPath);
      CrossValidatorModel cvBack = CrossValidatorModel.load(cvPath);
      assertSameBits(cvModel.avgMetrics(), cvBack.avgMetrics(), "loaded avgMetrics");
      assertSameBits(predictions, column(cvBack.transform(df), "prediction"));
      SparseCodingEstimator savedEst = (SparseCodingEstimator) ((Pipeline) cvBack.getEstimator()).getStages()[1];
      assertEquals(est.extractParamMap().toString(), savedEst.extractParamMap().toString());
      assertSameBits(data.a(), savedEst.getDictionary().toArray(), "dictionary of the saved estimator");

      String pmPath = dir.resolve("pipeline").toUri().toString();
      bestPipeline.write().save(pmPath);
      PipelineModel pmBack = PipelineModel.load(pmPath);
      assertSameBits(chosen.omega(), ((SparseCodingModel) pmBack.stages()[1]).omega(), "loaded omega");
      assertSameBits(predictions, column(pmBack.transform(df), "prediction"));
    } finally {
      spark.stop();
    }
  }
}
