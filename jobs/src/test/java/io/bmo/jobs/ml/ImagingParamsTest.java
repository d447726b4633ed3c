package io.bmo.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.bmo.jobs.config.ConfigLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/**
 * The imaging parameters: out-of-range values fail when set, naming the parameter; a combination the problem rejects
 * fails at fit time naming the parameter; the defaults are the {@code denoise} config defaults; estimator and model
 * show Spark the same parameters.
 */
class ImagingParamsTest {

  private static void rejects(String param, String value, Consumer<ImagingEstimator> set) {
    ImagingEstimator est = new ImagingEstimator();
    String before = est.explainParams();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.accept(est), param);
    assertTrue(e.getMessage().startsWith("parameter " + param + ": must be "), e.getMessage());
    assertTrue(e.getMessage().endsWith("got " + value), e.getMessage());
    assertEquals(before, est.explainParams(), "a rejected value must not be stored");
  }

  @Test
  void outOfRangeValuesFailAtSetTimeNamingTheParameter() {
    rejects("problem", "inpaint", e -> e.setProblem("inpaint"));
    rejects("regularizer", "wavelet", e -> e.setRegularizer("wavelet"));
    rejects("noiseSigma", "-0.1", e -> e.setNoiseSigma(-0.1));
    rejects("noiseSigma", "NaN", e -> e.setNoiseSigma(Double.NaN));
    rejects("foeSize", "4", e -> e.setFoeSize(4));
    rejects("foeInit", "zeros", e -> e.setFoeInit("zeros"));
    rejects("tvLogScale", "Infinity", e -> e.setTvLogScale(Double.POSITIVE_INFINITY));
    rejects("lowerTol", "0.0", e -> e.setLowerTol(0.0));
    rejects("cgMaxIterations", "0", e -> e.setCgMaxIterations(0));
    rejects("imageWidth", "-1", e -> e.setImageWidth(-1));
    rejects("learningRate", "0.0", e -> e.setLearningRate(0.0));
    rejects("shards", "0", e -> e.setShards(0));
    rejects("imageCol", "", e -> e.setImageCol(""));
    rejects("blurKernel", "2 x 3 matrix", e -> e.setBlurKernel(new DenseMatrix(2, 3, new double[6])));
  }

  @Test
  void combinationsTheProblemRejectsNameTheParameter() {
    ImagingEstimator est = new ImagingEstimator().setRegularizer("foe").setFoeSize(3).setFoeFilters(9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagingParamDefs.training(est));
    assertEquals("parameter foeFilters: dct init has only 8 filters for size 3, got 9", e.getMessage());
    ImagingEstimator blur = new ImagingEstimator().setProblem("deblur").setBlurSize(4);
    e = assertThrows(IllegalArgumentException.class, () -> ImagingParamDefs.training(blur));
    assertTrue(e.getMessage().startsWith("parameter blur"), e.getMessage());
  }

  @Test
  void defaultsAreTheDenoiseConfigDefaults() {
    Config d = ConfigLoader.defaults();
    ImagingEstimator e = new ImagingEstimator();
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("imaging.regularizer", e.getRegularizer());
    expected.put("data.noise-sigma", e.getNoiseSigma());
    expected.put("data.seed", e.getNoiseSeed());
    expected.put("imaging.blur.size", e.getBlurSize());
    expected.put("imaging.blur.sigma", e.getBlurSigma());
    expected.put("imaging.tv.log-scale", e.getTvLogScale());
    expected.put("imaging.tv.log-smoothing", e.getTvLogSmoothing());
    expected.put("imaging.foe.filters", e.getFoeFilters());
    expected.put("imaging.foe.size", e.getFoeSize());
    expected.put("imaging.foe.init", e.getFoeInit());
    expected.put("imaging.foe.seed", e.getFoeSeed());
    expected.put("imaging.foe.log-scale", e.getFoeLogScale());
    expected.put("imaging.foe.log-smoothing", e.getFoeLogSmoothing());
    expected.put("imaging.foe.weight", e.getFoeWeight());
    expected.put("imaging.strong-convexity", e.getStrongConvexity());
    expected.put("imaging.lower.tol", e.getLowerTol());
    expected.put("imaging.lower.max-iterations", e.getLowerMaxIterations());
    expected.put("imaging.lower.eval-tol", e.getEvalTol());
    expected.put("imaging.cg.tol", e.getCgTol());
    expected.put("imaging.cg.max-iterations", e.getCgMaxIterations());
    expected.put("optimizer.lr", e.getLearningRate());
    expected.put("train.batch-size", e.getBatchSize());
    expected.put("train.block-size", e.getBlockSize());
    expected.put("train.shards", e.getShards());
    for (Map.Entry<String, Object> en : expected.entrySet()) {
      Object v = en.getValue();
      Object conf = v instanceof String ? d.getString(en.getKey()) : v instanceof Double ? d.getDouble(en.getKey())
          : v instanceof Long ? d.getLong(en.getKey()) : (Object) d.getInt(en.getKey());
      assertEquals(conf, v, en.getKey());
    }
    assertEquals("denoise", e.getProblem());
    assertFalse(e.isDefined(e.blurKernel()), "the blur kernel has no default");
  }

  @Test
  void estimatorAndModelExposeTheSameParametersToSpark() {
    ImagingEstimator e = new ImagingEstimator();
    ImagingModel m = new ImagingModel("m1", new double[0], new double[0], new double[0], 1);
    List<String> names = Arrays.stream(e.params()).map(Param::name).toList();
    assertEquals(32, names.size(), names.toString());
    assertEquals(names, Arrays.stream(m.params()).map(Param::name).toList());
    for (Param<?> p : e.params()) {
      assertEquals(e.uid(), p.parent(), p.name());
      assertFalse(p.doc().isEmpty(), p.name());
    }
  }

  @Test
  void modelParametersThatNoLongerFitThetaFailNamingThem() {
    ImagingModel m = new ImagingModel("m2", new double[2], new double[0], new double[0], 144);
    m.set(m.regularizer(), "foe");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::training);
    assertTrue(e.getMessage().startsWith("parameters regularizer = foe need θ = "), e.getMessage());
    assertTrue(e.getMessage().endsWith("this model's θ has 2"), e.getMessage());
  }
}
