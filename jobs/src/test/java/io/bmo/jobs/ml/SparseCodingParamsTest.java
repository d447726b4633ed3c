package io.bmo.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.bmo.jobs.config.ConfigLoader;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/**
 * The shared parameters: every out-of-range value fails when set with a message naming the parameter (and leaves
 * the old value), boundary values pass, defaults agree with {@code bmo-defaults.conf}, and estimator, model and
 * Spark's reflection see the same parameter set.
 */
class SparseCodingParamsTest {

  private static void rejects(String param, String value, Consumer<SparseCodingEstimator> set) {
    SparseCodingEstimator est = new SparseCodingEstimator();
    String before = est.explainParams();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.accept(est), param);
    assertTrue(e.getMessage().startsWith("parameter " + param + ": must be "), e.getMessage());
    assertTrue(e.getMessage().endsWith("got " + value), e.getMessage());
    assertEquals(before, est.explainParams(), "a rejected value must not be stored");
  }

  @Test
  void outOfRangeValuesFailAtSetTimeNamingTheParameter() {
    rejects("layers", "0", e -> e.setLayers(0));
    rejects("mu", "1.5", e -> e.setMu(1.5));
    rejects("mu", "NaN", e -> e.setMu(Double.NaN));
    rejects("beta", "-0.1", e -> e.setBeta(-0.1));
    rejects("alpha", "0.0", e -> e.setAlpha(0.0));
    rejects("lambda0", "-1.0", e -> e.setLambda0(-1.0));
    rejects("lambda0", "Infinity", e -> e.setLambda0(Double.POSITIVE_INFINITY));
    rejects("step0", "2.0", e -> e.setStep0(2.0));
    rejects("step0", "0.0", e -> e.setStep0(0.0));
    rejects("supportIncrement", "-1.0", e -> e.setSupportIncrement(-1.0));
    rejects("supportMax", "100.5", e -> e.setSupportMax(100.5));
    rejects("steps", "-1", e -> e.setSteps(-1));
    rejects("learningRate", "0.0", e -> e.setLearningRate(0.0));
    rejects("learningRate", "NaN", e -> e.setLearningRate(Double.NaN));
    rejects("batchSize", "-3", e -> e.setBatchSize(-3));
    rejects("shards", "0", e -> e.setShards(0));
    rejects("blockSize", "0", e -> e.setBlockSize(0));
    rejects("model", "lista", e -> e.setModel("lista"));
    rejects("signalCol", "", e -> e.setSignalCol(""));
    rejects("predictionCol", "null", e -> e.setPredictionCol(null));
    rejects("dictionary", "2 x 2 matrix", e -> e.setDictionary(2, 2, new double[] {1, 0, Double.NaN, 1}));
    rejects("dictionary", "0 x 3 matrix", e -> e.setDictionary(new DenseMatrix(0, 3, new double[0])));
    // The generic set(param, value) path goes through the same validator.
    rejects("layers", "-2", e -> e.set(e.layers(), -2));
  }

  @Test
  void boundaryValuesAreAccepted() {
    SparseCodingEstimator e = new SparseCodingEstimator().setMu(0.0).setMu(1.0).setBeta(0.0).setBeta(2.0)
        .setAlpha(1.0).setAlpha(Double.MIN_VALUE).setLambda0(0.0).setStep0(Math.nextDown(2.0))
        .setSupportMax(100.0).setSteps(0).setBatchSize(0).setLayers(1).setShards(1).setBlockSize(1)
        .setSeed(Long.MIN_VALUE);
    for (String id : List.of("ista", "ista-layerwise", "lista-tied", "alista", "lista-cpss")) {
      assertEquals(id, e.setModel(id).getModel());
    }
    assertEquals(Long.MIN_VALUE, e.getSeed());
    assertEquals(Math.nextDown(2.0), e.getStep0());
  }

  @Test
  void defaultsAgreeWithTheTrainConfigDefaults() {
    Config d = ConfigLoader.defaults();
    SparseCodingEstimator e = new SparseCodingEstimator();
    assertEquals(d.getString("model.type"), e.getModel());
    assertEquals(d.getInt("model.layers"), e.getLayers());
    assertEquals(d.getDouble("model.lambda0"), e.getLambda0());
    assertEquals(d.getDouble("model.step0"), e.getStep0());
    assertEquals(d.getDouble("model.support.increment"), e.getSupportIncrement());
    assertEquals(d.getDouble("model.support.max"), e.getSupportMax());
    assertEquals(d.getDouble("bmo.mu"), e.getMu());
    assertEquals(d.getDouble("bmo.beta"), e.getBeta());
    assertEquals(d.getDouble("bmo.alpha"), e.getAlpha());
    assertEquals(d.getDouble("optimizer.lr"), e.getLearningRate());
    assertEquals(d.getInt("train.batch-size"), e.getBatchSize());
    assertEquals(d.getInt("train.block-size"), e.getBlockSize());
    assertEquals("signal", e.getSignalCol());
    assertEquals("code", e.getCodeCol());
    assertEquals("prediction", e.getPredictionCol());
    assertFalse(e.isDefined(e.dictionary()), "the dictionary has no default");
  }

  @Test
  void estimatorAndModelExposeTheSameParametersToSpark() {
    SparseCodingEstimator e = new SparseCodingEstimator();
    SparseCodingModel m = new SparseCodingModel("m1", new double[0], new double[0], null);
    List<String> names = Arrays.stream(e.params()).map(Param::name).toList();
    assertEquals(List.of("alpha", "batchSize", "beta", "blockSize", "codeCol", "dictionary", "lambda0", "layers",
        "learningRate", "model", "mu", "predictionCol", "seed", "shards", "signalCol", "step0", "steps",
        "supportIncrement", "supportMax"), names);
    assertEquals(names, Arrays.stream(m.params()).map(Param::name).toList());
    for (Param<?> p : e.params()) {
      assertEquals(e.uid(), p.parent(), p.name());
      assertFalse(p.doc().isEmpty(), p.name());
    }
    assertTrue(e.explainParams().contains("layers: K, unrolled layers (>= 1) (default: 16)"), e.explainParams());
  }

  @Test
  void copyKeepsValuesAndAppliesExtraParamsThroughTheValidators() {
    SparseCodingEstimator e = new SparseCodingEstimator().setLayers(3).setDictionary(2, 3, new double[6]);
    SparseCodingEstimator c = e.copy(new org.apache.spark.ml.param.ParamMap().put(e.mu(), 0.25));
    assertEquals(3, c.getLayers());
    assertEquals(0.25, c.getMu());
    assertEquals(0.0, e.getMu(), "the original is unchanged");
    assertEquals(e.uid(), c.uid());
    assertThrows(IllegalArgumentException.class,
        () -> e.copy(new org.apache.spark.ml.param.ParamMap().put(e.mu(), 2.0)));
  }

  @Test
  void modelParametersThatNoLongerFitOmegaFailNamingThem() {
    SparseCodingModel m = new SparseCodingModel("m2", new double[5], new double[0], null);
    m.set(m.dictionary(), (org.apache.spark.ml.linalg.Matrix) new DenseMatrix(2, 3, new double[6]));
    m.set(m.model(), "ista-layerwise");
    m.set(m.layers(), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::problem);
    assertEquals("parameters model = ista-layerwise, layers = 3 and the 2 x 3 dictionary need ω = theta.npy (3),"
        + " step.npy (3) (6 values); this model's ω has 5", e.getMessage());
  }
}
