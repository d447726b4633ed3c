package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.MlFixtures.assertSameBits;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.Crops;
import io.bmo.core.imaging.GrayImage;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.ImagingProblem;
import io.bmo.core.imaging.SyntheticImages;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.datasets.io.Npy;
import io.bmo.jobs.CliRunner;
import io.bmo.jobs.SparkTestData;
import io.bmo.jobs.io.OmegaFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imaging estimator against {@code train} on the same crops of an image file (θ bit-identical: foe denoising
 * with minibatches, tv deblurring with a non-symmetric kernel file), its model against the core lower-level solve,
 * and the saved model and estimator against the originals.
 */
class ImagingEstimatorTest {
  static final int CROP = 12;

  @TempDir
  Path dir;

  /** A 36 × 48 synthetic image written as an 8-bit PNG; returns its crops as {@code train} cuts them. */
  List<GrayImage> writeImage() throws Exception {
    GrayImage img = new SyntheticImages(21, 36, 48).image(0);
    Path png = dir.resolve("img.png");
    ImageFiles.writePng(img, png);
    return Crops.cut(ImageFiles.read(png), CROP, CROP, CROP);
  }

  /** {@code train} (single JVM) with the given sections on img.png; θ of the finished run in {@code layout}. */
  double[] train(String sections, io.bmo.core.param.ParamLayout layout) throws Exception {
    Path cfg = dir.resolve("c.conf");
    Files.writeString(cfg, "name = est\n" + sections + "spark { executor = local }\n");
    CliRunner.Result r = CliRunner.run("train", cfg.toString(), "--out", dir.resolve("run").toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    return OmegaFiles.read(dir.resolve("run/omega"), layout);
  }

  static Dataset<Row> images(SparkSession spark, List<GrayImage> crops) {
    List<Row> rows = new ArrayList<>();
    for (GrayImage g : crops) {
      rows.add(RowFactory.create((Object) boxed(g.pixels())));
    }
    StructType schema = new StructType().add("image", DataTypes.createArrayType(DataTypes.DoubleType), false);
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Double[] boxed(double[] v) {
    Double[] out = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  @Test
  void foeDenoisingFitEqualsTrainWithMinibatches() throws Exception {
    List<GrayImage> crops = writeImage();
    assertEquals(12, crops.size());
    SparkSession spark = SparkTestData.session("local[2]", "imaging-estimator-test");
    try {
      ImagingEstimator est = new ImagingEstimator().setRegularizer("foe").setFoeFilters(3).setFoeSize(3)
          .setNoiseSeed(3).setLowerTol(1e-4).setLearningRate(1e-2).setSteps(3).setBatchSize(5).setSeed(5)
          .setShards(3).setBlockSize(4);
      ImagingModel model = est.fit(images(spark, crops));
      double[] expected = train("problem = denoise\ndata { images = \"" + dir.resolve("img.png") + "\", crop-size = "
          + CROP + ", train-examples = 0, seed = 3 }\nimaging { regularizer = foe, foe { filters = 3, size = 3 },"
          + " lower { tol = 1e-4 } }\noptimizer { lr = 1e-2 }\ntrain { steps = 3, batch-size = 5, seed = 5,"
          + " shards = 3, block-size = 4, eval-every = 0 }\n", model.training().layout());
      assertSameBits(expected, model.theta(), "theta of fit vs train");
      assertEquals(3, model.trainingLosses().length);
      assertEquals(CROP * CROP, model.trainPixels());
    } finally {
      spark.stop();
    }
  }

  @Test
  void tvDeblurringWithAKernelFitEqualsTrainAndTransformsAndPersists() throws Exception {
    List<GrayImage> crops = writeImage();
    double[] k = {0.05, 0.1, 0.2, 0.1, 0.0, 0.1, 0.15, 0.05, 0.1, 0.05, 0.0, 0.02, 0.03, 0.0, 0.05};
    Npy.write(dir.resolve("k.npy"), Npy.ofMatrix(3, 5, k));
    DenseMatrix kernel = new DenseMatrix(5, 3, k).transpose().toDense(); // 3 × 5, row-major k
    SparkSession spark = SparkTestData.session("local[2]", "imaging-estimator-test");
    try {
      ImagingEstimator est = new ImagingEstimator().setProblem("deblur").setBlurKernel(kernel).setNoiseSigma(0.02)
          .setLearningRate(5e-2).setSteps(3).setShards(2).setBlockSize(8);
      Dataset<Row> df = images(spark, crops);
      ImagingModel model = est.fit(df);
      double[] expected = train("problem = deblur\ndata { images = \"" + dir.resolve("img.png") + "\", crop-size = "
          + CROP + ", train-examples = 0, noise-sigma = 0.02 }\nimaging.blur.kernel = \"" + dir.resolve("k.npy")
          + "\"\noptimizer { lr = 5e-2 }\ntrain { steps = 3, shards = 2, block-size = 8, eval-every = 0 }\n",
          model.training().layout());
      assertSameBits(expected, model.theta(), "theta of fit vs train");

      // transform: observations (here the generated ones) restored by the core lower-level solve, whole rows
      GrayImage whole = ImageFiles.read(dir.resolve("img.png"));
      GrayImage y = model.training().degradation().apply(whole, 0);
      StructType schema = new StructType().add("observation", DataTypes.createArrayType(DataTypes.DoubleType));
      Dataset<Row> obs = spark.createDataFrame(List.of(RowFactory.create((Object) boxed(y.pixels()))), schema);
      ImagingModel wide = model.copy(new org.apache.spark.ml.param.ParamMap()).setImageWidth(48);
      double[] restored = column(wide.transform(obs), "prediction")[0];
      ImageShape shape = new ImageShape(36, 48);
      ImagingProblem core = new ImagingProblem(new io.bmo.core.imaging.ImagingConfig(model.training().forward(),
          new io.bmo.core.imaging.regularizer.SmoothedTotalVariation.Model(-3, -7), 1e-6,
          io.bmo.core.imaging.AcceleratedGradient.Config.DEFAULT, 2000), shape, 1);
      double[] x = y.pixels().clone();
      core.solveLower(model.theta(), y.pixels(), 1, 1e-4 * Math.sqrt(36 * 48 / (double) (CROP * CROP)), x);
      assertSameBits(x, restored, "transform vs the core solve");
      // 36 × 48 is not square: the model fitted on square crops needs imageWidth for it (the task fails)
      Exception e = assertThrows(Exception.class, () -> column(model.transform(obs), "prediction"));
      assertTrue(e.getMessage().contains("column 'observation' has an image of 1728 pixels, not a square"),
          e.getMessage());

      String path = dir.resolve("model").toUri().toString();
      wide.write().save(path);
      ImagingModel back = ImagingModel.load(path);
      assertSameBits(model.theta(), back.theta(), "loaded theta");
      assertSameBits(model.trainingLosses(), back.trainingLosses(), "loaded losses");
      assertEquals(wide.extractParamMap().toString(), back.extractParamMap().toString());
      assertSameBits(restored, column(back.transform(obs), "prediction")[0], "loaded model's transform");
      String estPath = dir.resolve("est").toUri().toString();
      est.write().save(estPath);
      ImagingEstimator estBack = ImagingEstimator.load(estPath);
      assertEquals(est.extractParamMap().toString(), estBack.extractParamMap().toString());
      assertSameBits(kernel.toArray(), estBack.getBlurKernel().toArray(), "saved kernel");
    } finally {
      spark.stop();
    }
  }
}
