package io.bmo.jobs.ml;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.PairTraining;
import io.bmo.core.param.ParamLayout;
import io.bmo.jobs.io.OmegaFiles;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted imaging model: the learned θ and the parameters it was fitted with ({@link ImagingParams}).
 * {@link #transform} adds the prediction column: each observation y of {@code observationCol} restored by the
 * learned lower level, {@code x̂ = argmin_x E(x; θ)} (FISTA from y, tolerance {@code evalTol} scaled by
 * √(pixels ÷ training-image pixels), as {@code evaluate} restores whole images). Images need not have the training
 * size: with {@code imageWidth} = 0 every row is a square of its own size. After fitting, change the columns,
 * {@code imageWidth} and the solver settings; the problem parameters must keep describing θ.
 *
 * <p>Persistence ({@link #write()}, {@link #load}), on any Hadoop URI: the parameters as Spark ML metadata JSON, θ
 * (by block, as a run's {@code omega/}), the training losses and PSNRs as float64 {@code .npy} (layout:
 * {@link ImagingStages}), so a loaded model has the same θ bits and transforms to the same bits.
 */
public final class ImagingModel extends Model<ImagingModel> implements ImagingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Identifier (the estimator's). */
  private final String uid;
  /** The parameter objects (owned by {@link #uid}). */
  private final ImagingParamDefs defs;
  /** Learned θ. */
  private final double[] theta;
  /** Upper loss per training step. */
  private final double[] losses;
  /** Training PSNR (dB) per training step. */
  private final double[] trainPsnr;
  /** Pixels of a training image (scales the restoration tolerance). */
  private final int trainPixels;

  /**
   * @param theta learned θ (copied)
   * @param losses upper loss per training step (copied)
   * @param trainPsnr training PSNR per step (copied)
   * @param trainPixels pixels of a training image
   */
  ImagingModel(String uid, double[] theta, double[] losses, double[] trainPsnr, int trainPixels) {
    this.uid = uid;
    this.defs = new ImagingParamDefs(this);
    this.theta = theta.clone();
    this.losses = losses.clone();
    this.trainPsnr = trainPsnr.clone();
    this.trainPixels = trainPixels;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ImagingParamDefs paramDefs() {
    return defs;
  }

  /**
   * @param value column of the observations y (see {@link #observationCol()})
   * @return this model
   */
  public ImagingModel setObservationCol(String value) {
    set(observationCol(), value);
    return this;
  }

  /**
   * @param value output column of the restored images (see {@link #predictionCol()})
   * @return this model
   */
  public ImagingModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /**
   * @param value image width in pixels, 0 = square images (see {@link #imageWidth()})
   * @return this model
   */
  public ImagingModel setImageWidth(int value) {
    set(imageWidth(), value);
    return this;
  }

  /** {@return a copy of the learned θ} Layout: the regularizer's blocks, as a run's {@code omega/}. */
  public double[] theta() {
    return theta.clone();
  }

  /** {@return a copy of the upper loss at each training step} */
  public double[] trainingLosses() {
    return losses.clone();
  }

  /** {@return a copy of the training PSNR (dB) at each training step} */
  public double[] trainingPsnr() {
    return trainPsnr.clone();
  }

  /** {@return the pixels of a training image} */
  public int trainPixels() {
    return trainPixels;
  }

  /** The problem of the current parameters, checked against θ's length. */
  PairTraining training() {
    PairTraining p = ImagingParamDefs.training(this);
    ParamLayout layout = p.layout();
    if (layout.size() != theta.length) {
      throw new IllegalArgumentException("parameters regularizer = " + getRegularizer() + " need θ = "
          + OmegaFiles.describe(layout) + " (" + layout.size() + " values); this model's θ has " + theta.length);
    }
    return p;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowArrays.requireColumn(schema, getObservationCol());
    if (Arrays.asList(schema.fieldNames()).contains(getPredictionCol())) {
      throw new IllegalArgumentException("output column '" + getPredictionCol() + "' already exists");
    }
    return schema.add(getPredictionCol(), DataTypes.createArrayType(DataTypes.DoubleType), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int col = dataset.schema().fieldIndex(getObservationCol());
    String name = getObservationCol();
    int width = getImageWidth();
    PairTraining p = training();
    double[] t = theta;
    int reference = trainPixels;
    JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions((Iterator<Row> it) -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        Row r = it.next();
        double[] y = RowArrays.get(r, col, -1, name);
        ImageShape shape = ImagingParamDefs.shape(y.length, width, name);
        double[] x = p.restore(t, shape, y, reference);
        return RowArrays.append(r, x, 0, x.length);
      }
    });
    return dataset.sparkSession().createDataFrame(rows, out);
  }

  @Override
  public ImagingModel copy(ParamMap extra) {
    ImagingModel c = new ImagingModel(uid, theta, losses, trainPsnr, trainPixels);
    copyValues(c, extra);
    return c.setParent(parent());
  }

  /** {@return a writer of this model} Layout: {@link ImagingStages}. */
  @Override
  public MLWriter write() {
    return ImagingStages.modelWriter(this);
  }

  /** {@return the reader of saved models} Spark ML calls it by reflection when loading a pipeline model. */
  public static MLReader<ImagingModel> read() {
    return ImagingStages.modelReader();
  }

  /**
   * Loads a model saved with {@code write().save(path)}.
   *
   * @param path any Hadoop URI or local path
   * @return the model with the saved uid, parameters, θ and training history
   * @throws IllegalArgumentException naming {@code path} when it is missing, corrupt or not a saved model
   */
  public static ImagingModel load(String path) {
    return read().load(path);
  }
}
