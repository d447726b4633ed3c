package io.bmo.jobs.ml;

import io.bmo.core.param.ParamLayout;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * The saved layouts of the sparse-coding stages (any Hadoop URI; arrays as float64 C-order {@code .npy}, so every
 * value keeps its bits; no Java serialization):
 * <pre>
 *   estimator:  metadata/part-00000        parameters but the dictionary, hasDictionary
 *               data/dictionary.npy        A (m × n), when set
 *   model:      metadata/part-00000        parameters but the dictionary, m, n, omegaSize
 *               data/dictionary.npy        A (m × n)
 *               data/omega/&lt;block&gt;.npy     ω by block: the names and shapes of a run's omega/
 *               data/training_losses.npy   φ per training step
 *               data/alista_w.npy          alista's analytic W (m × n), so a loaded model never recomputes it
 * </pre>
 * The metadata is Spark ML's layout ({@link StageMetadata}), so pipelines and validators holding these stages save
 * and load with Spark's own writers.
 */
final class SparseCodingStages {
  private static final String DICTIONARY = "data/dictionary.npy";
  private static final String OMEGA = "data/omega";
  private static final String LOSSES = "data/training_losses.npy";
  private static final String ALISTA_W = "data/alista_w.npy";

  private SparseCodingStages() {}

  static MLWriter estimatorWriter(SparseCodingEstimator est) {
    return new StageWriter((dir, sparkVersion) -> {
      boolean hasDictionary = est.isDefined(est.dictionary());
      StageMetadata.write(dir, est, sparkVersion, Set.of("dictionary"), Map.of("hasDictionary", hasDictionary));
      if (hasDictionary) {
        Matrix a = est.getDictionary();
        dir.writeNpy(DICTIONARY, Npy.ofColumnMajor(a.numRows(), a.numCols(), a.toArray()));
      }
    });
  }

  static MLReader<SparseCodingEstimator> estimatorReader() {
    return new StageReader<>(SparseCodingEstimator.class, (meta, dir) -> {
      SparseCodingEstimator est = new SparseCodingEstimator(meta.uid());
      meta.setParams(est);
      if (meta.field("hasDictionary").asBoolean()) {
        NpyArray a = dir.readNpy(DICTIONARY, -1, -1);
        est.setDictionary(a.rows(), a.cols(), a.toColumnMajor());
      }
      return est;
    });
  }

  static MLWriter modelWriter(SparseCodingModel model) {
    return new StageWriter((dir, sparkVersion) -> {
      SparseCodingProblem p = model.problem();
      double[] omega = model.omega();
      StageMetadata.write(dir, model, sparkVersion, Set.of("dictionary"),
          Map.of("m", p.m(), "n", p.n(), "omegaSize", omega.length));
      dir.writeNpy(DICTIONARY, Npy.ofColumnMajor(p.m(), p.n(), p.dictionary()));
      dir.writeOmega(OMEGA, p.map().layout(), omega);
      dir.writeNpy(LOSSES, Npy.ofVector(model.trainingLosses()));
      if (p.model() == SparseModel.ALISTA) {
        dir.writeNpy(ALISTA_W, Npy.ofColumnMajor(p.m(), p.n(), p.alistaW()));
      }
    });
  }

  static MLReader<SparseCodingModel> modelReader() {
    return new StageReader<>(SparseCodingModel.class, (meta, dir) -> {
      int m = meta.field("m").asInt();
      int n = meta.field("n").asInt();
      // Parameters first (they fix ω's layout), then the arrays, checked against it.
      SparseCodingModel shell = new SparseCodingModel(meta.uid(), new double[0], new double[0], null);
      meta.setParams(shell);
      shell.set(shell.dictionary(), (Matrix) new DenseMatrix(m, n, dir.readNpy(DICTIONARY, m, n).toColumnMajor()));
      double[] w = SparseModel.parse(shell.getModel()) == SparseModel.ALISTA
          ? dir.readNpy(ALISTA_W, m, n).toColumnMajor() : null;
      ParamLayout layout = SparseCodingParamDefs.problem(shell, w).map().layout();
      double[] omega = dir.readOmega(OMEGA, layout);
      double[] losses = dir.readNpy(LOSSES, -1).data();
      return shell.copyValues(new SparseCodingModel(meta.uid(), omega, losses, w), ParamMap.empty());
    });
  }
}
