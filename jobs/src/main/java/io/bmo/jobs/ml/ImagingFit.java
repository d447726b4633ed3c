package io.bmo.jobs.ml;

import io.bmo.core.imaging.ImagePairs;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.ImageSource;
import io.bmo.core.imaging.ImagingShards;
import io.bmo.core.imaging.PairTraining;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.Trainer;
import io.bmo.jobs.config.TrainConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The distributed fit of {@link ImagingEstimator}: the DataFrame's rows, numbered in order, become one resident
 * problem per shard of the {@link ShardPlan} (a cached RDD), and the {@link Trainer} loop of {@code train} runs over
 * them through a {@link ResidentTaskExecutor}. The plan, block size, ω₀, projection and Adam settings are those of a
 * {@code train} run on the same images, so ω has the same bits.
 */
final class ImagingFit {
  private ImagingFit() {}

  /**
   * What a fit learned.
   *
   * @param theta the final θ
   * @param losses upper loss at each step
   * @param trainPsnr training PSNR (dB) at each step
   * @param shape the training images' shape
   */
  record Result(double[] theta, double[] losses, double[] trainPsnr, ImageShape shape) {}

  /**
   * Fits θ with the parameters of {@code p} on the {@code imageCol} (and, when the DataFrame has it,
   * {@code observationCol}) column of {@code dataset}.
   *
   * @throws IllegalArgumentException for an empty DataFrame, rows of another shape than the first or invalid
   *     parameters (naming them)
   */
  static Result run(ImagingParams p, Dataset<?> dataset) {
    PairTraining training = ImagingParamDefs.training(p);
    String ic = p.getImageCol();
    String oc = p.getObservationCol();
    boolean given = Arrays.asList(dataset.schema().fieldNames()).contains(oc);
    JavaRDD<Row> rows = (given ? dataset.select(ic, oc) : dataset.select(ic)).toJavaRDD();
    long count = rows.count();
    if (count == 0) {
      throw new IllegalArgumentException("the training DataFrame is empty");
    }
    ImageShape shape = ImagingParamDefs.shape(RowArrays.get(rows.first(), 0, -1, ic).length, p.getImageWidth(), ic);
    int px = shape.pixels();
    // train's plan and block size for the same number of images
    ShardPlan plan = new ShardPlan(count, (int) Math.min(p.getShards(), count),
        (int) Math.min(p.getBlockSize(), count));
    int block = plan.blockSize();
    JavaRDD<ResidentTaskExecutor.Shard> resident = ShardRows.of(rows, plan, (shard, start, list) -> {
      int n = list.size();
      double[] clean = new double[n * px];
      double[] degraded = new double[n * px];
      long[] index = new long[n];
      for (int r = 0; r < n; r++) {
        System.arraycopy(RowArrays.get(list.get(r), 0, px, ic), 0, clean, r * px, px);
        if (given) {
          System.arraycopy(RowArrays.get(list.get(r), 1, px, oc), 0, degraded, r * px, px);
        }
        index[r] = start + r;
      }
      if (!given) {
        degraded = training.degradation().applyBlock(clean, shape, index);
      }
      return new ResidentTaskExecutor.Shard(shard, start,
          training.shards(new ImagePairs(shape, n, clean, degraded), block));
    }).persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    try {
      double[] theta = training.initialTheta();
      TrainConfig.Opt opt = new TrainConfig.Opt("adam", p.getLearningRate(), 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99);
      Optimizer optimizer = opt.build(training.projection());
      optimizer.projectInitial(theta);
      ImagingShards sizes = training.shards(new SizeOnlyImages(shape, count), block);
      List<Trainer.StepMetrics> history = new ArrayList<>();
      try (ResidentTaskExecutor ex = new ResidentTaskExecutor(jsc, resident, plan, "bmo ImagingEstimator.fit")) {
        new Trainer(ex, sizes, plan, optimizer, new Trainer.Settings(p.getSteps(), p.getBatchSize(), p.getSeed(), 0))
            .run(theta, new OptState(), (mt, w, s) -> history.add(mt));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return new Result(theta, history.stream().mapToDouble(Trainer.StepMetrics::loss).toArray(),
          history.stream().mapToDouble(m -> m.value("train_psnr")).toArray(), shape);
    } finally {
      resident.unpersist(false);
    }
  }

  /** The shape and number of the training images, for the driver's bookkeeping; the pixels live in the shards. */
  private record SizeOnlyImages(ImageShape shape, long size) implements ImageSource {
    @Override
    public void gather(long[] indices, int from, int count, double[] clean, double[] degraded) {
      throw new UnsupportedOperationException("images live in the estimator's resident shards");
    }
  }
}
