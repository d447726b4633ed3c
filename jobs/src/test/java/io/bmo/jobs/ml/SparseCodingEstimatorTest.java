package io.bmo.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.BmoSolver;
import io.bmo.datasets.io.Npy;
import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;
import io.bmo.jobs.CliRunner;
import io.bmo.jobs.SparkTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML estimator against {@code train} on the same rows (bit-identical ω, minibatches and lista-tied's W
 * included; alista with support selection), and its model's predictions against the core forward pass.
 */
class SparseCodingEstimatorTest {
  static final int M = 12;
  static final int N = 24;
  static final int ROWS = 40;

  @TempDir
  Path dir;

  /** The dictionary (column-major), signals and codes of {@code ROWS} generated examples, also as .npy files. */
  double[][] writeData(long seed) throws Exception {
    SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(M, N, 0.2, 30, seed));
    double[] a = g.dictionary();
    double[] b = new double[M * ROWS];
    double[] x = new double[N * ROWS];
    g.block(0, ROWS, b, x);
    Npy.write(dir.resolve("A.npy"), Npy.ofColumnMajor(M, N, a));
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(ROWS, M, b));
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(ROWS, N, x));
    return new double[][] {a, b, x};
  }

  /** {@code train} (single JVM) on those files with the given model/optimizer/train sections, into run/. */
  void trainOnFiles(String sections) throws Exception {
    Path cfg = dir.resolve("c.conf");
    Files.writeString(cfg, "name = est\n" + sections + "spark { executor = local }\ndata { source = files,"
        + " dictionary = \"" + dir.resolve("A.npy") + "\", train-signals = \"" + dir.resolve("b.npy")
        + "\", train-codes = \"" + dir.resolve("x.npy") + "\" }\n");
    CliRunner.Result r = CliRunner.run("train", cfg.toString(), "--out", dir.resolve("run").toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void fitEqualsTrainOnTheSameRowsAndTransformEqualsTheCoreForward() throws Exception {
    double[][] abx = writeData(11);
    double[] a = abx[0];
    double[] b = abx[1];
    double[] x = abx[2];
    trainOnFiles("model { type = lista-tied, layers = 3 }\nbmo { mu = 0.1 }\noptimizer { lr = 1e-2 }\n"
        + "train { steps = 4, batch-size = 16, seed = 5, shards = 3, block-size = 8, eval-every = 0 }\n");

    SparkSession spark = SparkTestData.session("local[2]", "estimator-test");
    try {
      Dataset<Row> df = SparkTestData.pairs(spark, b, x, ROWS, M, N).coalesce(1);
      SparseCodingEstimator est = new SparseCodingEstimator().setDictionary(new DenseMatrix(M, N, a))
          .setModel("lista-tied").setLayers(3).setMu(0.1).setLearningRate(1e-2).setSteps(4).setBatchSize(16)
          .setSeed(5).setShards(3).setBlockSize(8);
      SparseCodingModel model = est.fit(df);
      double[] w = model.omega();
      assertArrayEquals(Npy.read(dir.resolve("run/omega/theta.npy")).data(), new double[] {w[0]}, 0.0);
      assertArrayEquals(Npy.read(dir.resolve("run/omega/step.npy")).data(), new double[] {w[1]}, 0.0);
      double[] wFile = Npy.read(dir.resolve("run/omega/W.npy")).data();
      assertArrayEquals(wFile, java.util.Arrays.copyOfRange(w, 2, w.length), 0.0);
      assertEquals(4, model.trainingLosses().length);

      List<Row> out = model.transform(df).collectAsList();
      assertEquals(ROWS, out.size());
      SparseCodingMap map = new SparseCodingMap(SparseModel.LISTA_TIED, a, M, N, 3);
      map.bind(w);
      map.bindBlock(b, ROWS);
      BmoSolver s = new BmoSolver(map, BmoConfig.plain(3).forEvaluation(3));
      s.init(null, ROWS, 4);
      s.run();
      double[] u = s.iterate();
      for (int i = 0; i < ROWS; i++) {
        List<Object> pred = out.get(i).getList(2);
        for (int j = 0; j < N; j++) {
          assertEquals(u[i * N + j], (Double) pred.get(j), 0.0, "row " + i + " entry " + j);
        }
      }

      // A tied model may be unrolled deeper after fitting: the same map with more layers.
      SparseCodingModel deeper = model.copy(new org.apache.spark.ml.param.ParamMap().put(model.layers(), 6));
      List<Row> out6 = deeper.transform(df).collectAsList();
      SparseCodingMap map6 = new SparseCodingMap(SparseModel.LISTA_TIED, a, M, N, 6);
      map6.bind(w);
      map6.bindBlock(b, ROWS);
      BmoSolver s6 = new BmoSolver(map6, BmoConfig.plain(6).forEvaluation(6));
      s6.init(null, ROWS, 7);
      s6.run();
      double[] u6 = s6.iterate();
      for (int i = 0; i < ROWS; i++) {
        List<Object> pred = out6.get(i).getList(2);
        for (int j = 0; j < N; j++) {
          assertEquals(u6[i * N + j], (Double) pred.get(j), 0.0, "6 layers: row " + i + " entry " + j);
        }
      }
      assertEquals(3, model.getLayers(), "copy leaves the original alone");

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> est.copy(new org.apache.spark.ml.param.ParamMap()).setSignalCol("nope").fit(df));
      assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    } finally {
      spark.stop();
    }
  }

  /**
   * alista (step unit ‖WᵀA‖₂, analytic W) with support selection and full batches: ω equals {@code train}'s on the
   * same rows, block by block of the run's omega/ layout.
   */
  @Test
  void alistaWithSupportSelectionFitEqualsTrain() throws Exception {
    double[][] abx = writeData(17);
    double[] a = abx[0];
    double[] b = abx[1];
    double[] x = abx[2];
    trainOnFiles("model { type = alista, layers = 4, lambda0 = 0.2, support { increment = 10, max = 40 } }\n"
        + "optimizer { lr = 5e-3 }\ntrain { steps = 5, batch-size = 0, seed = 5, shards = 4, block-size = 8,"
        + " eval-every = 0 }\n");

    SparkSession spark = SparkTestData.session("local[2]", "estimator-alista-test");
    try {
      Dataset<Row> df = SparkTestData.pairs(spark, b, x, ROWS, M, N);
      SparseCodingEstimator est = new SparseCodingEstimator().setDictionary(M, N, a).setModel("alista")
          .setLayers(4).setLambda0(0.2).setSupportIncrement(10).setSupportMax(40).setLearningRate(5e-3).setSteps(5)
          .setBatchSize(0).setSeed(5).setShards(4).setBlockSize(8);
      double[] w = est.fit(df).omega();
      io.bmo.core.param.ParamLayout layout = SparseCodingParamDefs.problem(est, null).map().layout();
      assertEquals(layout.size(), w.length);
      for (io.bmo.core.param.ParamLayout.Block blk : layout.blocks()) {
        assertArrayEquals(Npy.read(dir.resolve("run/omega/" + blk.name() + ".npy")).data(),
            java.util.Arrays.copyOfRange(w, blk.offset(), blk.offset() + blk.size()), blk.name());
      }
    } finally {
      spark.stop();
    }
  }
}
