package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.MlFixtures.M;
import static io.bmo.jobs.ml.MlFixtures.N;
import static io.bmo.jobs.ml.MlFixtures.assertSameBits;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.io.Npy;
import io.bmo.jobs.SparkTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and load of the model, the estimator and the evaluator on {@code file://} URIs: the same parameters, the
 * same bits of ω, losses and dictionary, the same transform output bits, overwrite semantics, the files readable as
 * plain {@code .npy}, and one error naming the path for a missing or corrupt directory.
 */
class SparseCodingPersistenceTest {
  static SparkSession spark;
  static MlFixtures.Data data;
  static Dataset<Row> df;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestData.session("local[2]", "ml-persistence-test");
    data = MlFixtures.Data.generate(40, 21);
    df = data.frame(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SparseCodingEstimator estimator(String model) {
    return new SparseCodingEstimator().setDictionary(M, N, data.a()).setModel(model).setLayers(3).setMu(0.1)
        .setLearningRate(1e-2).setSteps(3).setBatchSize(16).setSeed(5).setShards(3).setBlockSize(8);
  }

  private String uri(String name) {
    return dir.resolve(name).toUri().toString();
  }

  /** Round trip of a fitted model: parameters, arrays and predictions identical to the bit. */
  private void roundTrip(SparseCodingModel model, String name) throws IOException {
    model.write().save(uri(name));
    SparseCodingModel back = SparseCodingModel.load(uri(name));
    assertEquals(model.uid(), back.uid());
    assertEquals(model.extractParamMap().toString(), back.extractParamMap().toString());
    assertSameBits(model.omega(), back.omega(), "omega");
    assertSameBits(model.trainingLosses(), back.trainingLosses(), "losses");
    assertSameBits(model.getDictionary().toArray(), back.getDictionary().toArray(), "dictionary");
    assertSameBits(column(model.transform(df), "prediction"), column(back.transform(df), "prediction"));
  }

  @Test
  void fittedModelsRoundTripBitForBit() throws IOException {
    SparseCodingModel tied = estimator("lista-tied").fit(df);
    roundTrip(tied, "tied");
    // alista (analytic W saved) with support selection, and the coupled lista-cpss with W per layer
    roundTrip(estimator("alista").setSupportIncrement(10).setSupportMax(40).fit(df), "alista");
    roundTrip(estimator("lista-cpss").fit(df), "cpss");
    assertTrue(Files.isRegularFile(dir.resolve("alista/data/alista_w.npy")));

    // The arrays are plain .npy files with a run's omega/ names and shapes.
    double[] w = tied.omega();
    assertSameBits(new double[] {w[0]}, Npy.read(dir.resolve("tied/data/omega/theta.npy")).data(), "theta.npy");
    assertSameBits(new double[] {w[1]}, Npy.read(dir.resolve("tied/data/omega/step.npy")).data(), "step.npy");
    assertSameBits(Arrays.copyOfRange(w, 2, w.length), Npy.read(dir.resolve("tied/data/omega/W.npy")).data(),
        "W.npy");
    assertSameBits(data.a(), Npy.read(dir.resolve("tied/data/dictionary.npy")).toColumnMajor(), "dictionary.npy");
  }

  @Test
  void saveRefusesAnExistingPathUnlessOverwrite() throws IOException {
    SparseCodingModel model = estimator("ista").fit(df);
    model.write().save(uri("m"));
    SparseCodingModel renamed = model.copy(new ParamMap()).setPredictionCol("u");
    IOException e = assertThrows(IOException.class, () -> renamed.write().save(uri("m")));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("prediction", SparseCodingModel.load(uri("m")).getPredictionCol(), "the first save stays");
    renamed.write().overwrite().save(uri("m"));
    SparseCodingModel back = SparseCodingModel.load(uri("m"));
    assertEquals("u", back.getPredictionCol());
    assertSameBits(column(model.transform(df), "prediction"), column(back.transform(df), "u"));
  }

  @Test
  void estimatorRoundTripFitsTheSameOmega() throws IOException {
    SparseCodingEstimator est = estimator("lista-tied").setSignalCol("signal").setSupportIncrement(5);
    est.write().save(uri("est"));
    SparseCodingEstimator back = SparseCodingEstimator.load(uri("est"));
    assertEquals(est.uid(), back.uid());
    assertEquals(est.extractParamMap().toString(), back.extractParamMap().toString());
    assertSameBits(est.fit(df).omega(), back.fit(df).omega(), "omega of the loaded estimator's fit");
    // Set values stay set and defaults stay defaults.
    assertTrue(back.isSet(back.signalCol()));
    assertFalse(back.isSet(back.codeCol()));

    SparseCodingEstimator bare = new SparseCodingEstimator().setLayers(2);
    bare.write().save(uri("bare"));
    SparseCodingEstimator bareBack = SparseCodingEstimator.load(uri("bare"));
    assertFalse(bareBack.isDefined(bareBack.dictionary()));
    assertEquals(2, bareBack.getLayers());

    SparseCodingEvaluator ev = new SparseCodingEvaluator().setMetricName("mse").setCodeCol("x");
    ev.write().save(uri("ev"));
    SparseCodingEvaluator evBack = SparseCodingEvaluator.load(uri("ev"));
    assertEquals(ev.extractParamMap().toString(), evBack.extractParamMap().toString());
  }

  /** Loading {@code path} fails with one IllegalArgumentException whose message names it and {@code detail}. */
  private static void failsNaming(String path, String detail) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseCodingModel.load(path));
    assertTrue(e.getMessage().startsWith(path + ": cannot load a SparseCodingModel: "), e.getMessage());
    assertTrue(e.getMessage().contains(detail), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void missingOrCorruptDirectoriesFailWithOneErrorNamingThePath() throws IOException {
    SparseCodingModel model = estimator("lista-tied").fit(df);
    failsNaming(uri("nothing-here"), "no such directory");
    Files.createDirectories(dir.resolve("empty"));
    failsNaming(uri("empty"), "metadata: not found");

    model.write().save(uri("no-theta"));
    Files.delete(dir.resolve("no-theta/data/omega/theta.npy"));
    failsNaming(uri("no-theta"), "theta.npy: missing");

    model.write().save(uri("truncated"));
    Path w = dir.resolve("truncated/data/omega/W.npy");
    byte[] bytes = Files.readAllBytes(w);
    Files.write(w, Arrays.copyOf(bytes, bytes.length - 8));
    failsNaming(uri("truncated"), "W.npy: truncated");

    model.write().save(uri("bad-json"));
    Files.writeString(dir.resolve("bad-json/metadata/part-00000"), "{\"class\": ");
    failsNaming(uri("bad-json"), "not valid JSON");

    model.write().save(uri("bad-layers"));
    Path meta = dir.resolve("bad-layers/metadata/part-00000");
    Files.writeString(meta, Files.readString(meta).replace("\"layers\":3", "\"layers\":0"));
    failsNaming(uri("bad-layers"), "parameter layers: must be >= 1, got 0");

    model.write().save(uri("other-shape"));
    Files.writeString(dir.resolve("other-shape/metadata/part-00000"),
        Files.readString(dir.resolve("other-shape/metadata/part-00000")).replace("\"layers\":3", "\"layers\":4"));
    Npy.write(dir.resolve("other-shape/data/omega/W.npy"), Npy.ofMatrix(M, N - 1, new double[M * (N - 1)]));
    failsNaming(uri("other-shape"), "W.npy: shape (8, 15) does not match expected (8, 16)");

    new SparseCodingEvaluator().write().save(uri("evaluator"));
    failsNaming(uri("evaluator"), "holds a " + SparseCodingEvaluator.class.getName());
  }
}
