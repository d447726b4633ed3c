package io.bmo.jobs.ml;

import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * The saved layouts of the imaging stages (any Hadoop URI; arrays as float64 C-order {@code .npy}, so every value
 * keeps its bits; no Java serialization):
 * <pre>
 *   estimator:  metadata/part-00000        parameters but the blur kernel, hasBlurKernel
 *               data/blur_kernel.npy       K's kernel, when set
 *   model:      metadata/part-00000        the same, thetaSize, trainPixels
 *               data/blur_kernel.npy       K's kernel, when set
 *               data/omega/&lt;block&gt;.npy     θ by block: the names and shapes of a run's omega/
 *               data/training_losses.npy   upper loss per training step
 *               data/training_psnr.npy     training PSNR (dB) per training step
 * </pre>
 * The metadata is Spark ML's layout ({@link StageMetadata}), so pipelines and validators holding these stages save
 * and load with Spark's own writers.
 */
final class ImagingStages {
  private static final String KERNEL = "data/blur_kernel.npy";
  private static final String OMEGA = "data/omega";
  private static final String LOSSES = "data/training_losses.npy";
  private static final String PSNR = "data/training_psnr.npy";

  private ImagingStages() {}

  static MLWriter estimatorWriter(ImagingEstimator est) {
    return new StageWriter((dir, sparkVersion) -> {
      boolean hasKernel = est.isDefined(est.blurKernel());
      StageMetadata.write(dir, est, sparkVersion, Set.of("blurKernel"), Map.of("hasBlurKernel", hasKernel));
      writeKernel(dir, est);
    });
  }

  static MLReader<ImagingEstimator> estimatorReader() {
    return new StageReader<>(ImagingEstimator.class, (meta, dir) -> {
      ImagingEstimator est = new ImagingEstimator(meta.uid());
      meta.setParams(est);
      readKernel(dir, meta, est);
      return est;
    });
  }

  static MLWriter modelWriter(ImagingModel model) {
    return new StageWriter((dir, sparkVersion) -> {
      double[] theta = model.theta();
      boolean hasKernel = model.isDefined(model.blurKernel());
      StageMetadata.write(dir, model, sparkVersion, Set.of("blurKernel"), Map.of("hasBlurKernel", hasKernel,
          "thetaSize", theta.length, "trainPixels", model.trainPixels()));
      writeKernel(dir, model);
      dir.writeOmega(OMEGA, model.training().layout(), theta);
      dir.writeNpy(LOSSES, Npy.ofVector(model.trainingLosses()));
      dir.writeNpy(PSNR, Npy.ofVector(model.trainingPsnr()));
    });
  }

  static MLReader<ImagingModel> modelReader() {
    return new StageReader<>(ImagingModel.class, (meta, dir) -> {
      // Parameters first (they fix θ's layout), then the arrays, checked against it.
      ImagingModel shell = new ImagingModel(meta.uid(), new double[0], new double[0], new double[0], 1);
      meta.setParams(shell);
      readKernel(dir, meta, shell);
      double[] theta = dir.readOmega(OMEGA, ImagingParamDefs.training(shell).layout());
      ImagingModel model = new ImagingModel(meta.uid(), theta, dir.readNpy(LOSSES, -1).data(),
          dir.readNpy(PSNR, -1).data(), meta.field("trainPixels").asInt());
      return shell.copyValues(model, ParamMap.empty());
    });
  }

  private static void writeKernel(StageFiles dir, ImagingParams p) throws java.io.IOException {
    if (p.isDefined(p.blurKernel())) {
      org.apache.spark.ml.linalg.Matrix k = p.getBlurKernel();
      dir.writeNpy(KERNEL, Npy.ofColumnMajor(k.numRows(), k.numCols(), k.toArray()));
    }
  }

  private static void readKernel(StageFiles dir, StageMetadata meta, ImagingParams p) throws java.io.IOException {
    if (meta.field("hasBlurKernel").asBoolean()) {
      NpyArray a = dir.readNpy(KERNEL, -1, -1);
      p.set(p.blurKernel(), new org.apache.spark.ml.linalg.DenseMatrix(a.rows(), a.cols(), a.toColumnMajor()));
    }
  }
}
