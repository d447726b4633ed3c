package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.ImagingEstimatorTest.boxed;
import static io.bmo.jobs.ml.MlFixtures.assertSameBits;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.imaging.Degradation;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.SyntheticImages;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.jobs.SparkTestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imaging estimator in a {@link Pipeline} tuned by a {@link CrossValidator} over a 2 × 2 grid (regularizer ×
 * learning rate) with {@link ImagingEvaluator} (PSNR, larger is better): the average metrics equal an independent
 * loop over folds and grid points bit for bit, the chosen parameters are that loop's argmax, the best model's θ
 * equals a direct fit with them, and the saved {@code CrossValidatorModel} loads and transforms to the same bits.
 */
class ImagingCrossValidationTest {
  static final int FOLDS = 2;
  static final int ROWS = 16;
  static final int SIDE = 12;

  @TempDir
  Path dir;

  /** Rows i: {@code image} (synthetic x*_i), {@code observation} (x*_i + 0.1 n_i) and {@code fold} = i mod 2. */
  static Dataset<Row> frame(SparkSession spark) {
    SyntheticImages images = new SyntheticImages(31, SIDE, SIDE);
    Degradation noise = new Degradation(new ForwardModel.Identity(), 0.1, 77);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      GrayImage x = images.image(i);
      rows.add(RowFactory.create(boxed(x.pixels()), boxed(noise.apply(x, i).pixels()), i % FOLDS));
    }
    StructType schema = new StructType()
        .add("image", DataTypes.createArrayType(DataTypes.DoubleType), false)
        .add("observation", DataTypes.createArrayType(DataTypes.DoubleType), false)
        .add("fold", DataTypes.IntegerType, false);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void crossValidatorChoosesTheBestMeanPsnrAndPersists() throws Exception {
    SparkSession spark = SparkTestData.session("local[2]", "imaging-cross-validation-test");
    try {
      Dataset<Row> df = frame(spark);
      ImagingEstimator est = new ImagingEstimator().setFoeFilters(4).setFoeSize(3).setSteps(3).setShards(2)
          .setBlockSize(4);
      Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {est});
      ParamMap[] grid = new ParamGridBuilder().addGrid(est.regularizer(),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of("tv", "foe")))
          .addGrid(est.learningRate(), new double[] {2e-1, 1e-3}).build();
      ImagingEvaluator eval = new ImagingEvaluator();
      CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
          .setEvaluator(eval).setNumFolds(FOLDS).setFoldCol("fold");
      CrossValidatorModel cvModel = cv.fit(df);

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
      int best = 0; // argmax: PSNR is larger-is-better
      for (int g = 1; g < grid.length; g++) {
        best = mean[g] > mean[best] ? g : best;
      }
      ImagingModel chosen = (ImagingModel) ((PipelineModel) cvModel.bestModel()).stages()[0];
      String reg = (String) grid[best].apply(est.regularizer());
      double lr = (Double) grid[best].apply(est.learningRate());
      assertEquals(reg, chosen.getRegularizer());
      assertEquals(lr, chosen.getLearningRate());
      ImagingModel direct = est.copy(new ParamMap()).setRegularizer(reg).setLearningRate(lr).fit(df);
      assertSameBits(direct.theta(), chosen.theta(), "theta of the chosen model vs a direct fit");

      double[][] predictions = column(cvModel.transform(df), "prediction");
      assertSameBits(column(direct.transform(df), "prediction"), predictions);
      String path = dir.resolve("cv").toUri().toString();
      cvModel.write().save(path);
      CrossValidatorModel back = CrossValidatorModel.load(path);
      assertSameBits(cvModel.avgMetrics(), back.avgMetrics(), "loaded avgMetrics");
      assertSameBits(predictions, column(back.transform(df), "prediction"));
      ImagingEstimator savedEst = (ImagingEstimator) ((Pipeline) back.getEstimator()).getStages()[0];
      assertEquals(est.extractParamMap().toString(), savedEst.extractParamMap().toString());
    } finally {
      spark.stop();
    }
  }
}
