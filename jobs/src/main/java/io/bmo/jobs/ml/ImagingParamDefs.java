package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.SparseCodingParamDefs.checked;
import static io.bmo.jobs.ml.SparseCodingParamDefs.nonEmpty;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.PairTraining;
import io.bmo.jobs.config.FamilySection;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The {@link Param} objects of one {@link ImagingParams} owner (an estimator or a model), their documentation,
 * validators and defaults: the one place where the imaging parameters are defined. The problem parameters stand for
 * keys of a {@code denoise | deblur} config and default to {@code imaging-defaults.conf} (a test checks it); the
 * training parameters default like {@link SparseCodingParamDefs}'. A rejected value throws at {@code set} time,
 * naming the parameter, the accepted range and the value.
 */
public final class ImagingParamDefs implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<String> PROBLEMS = List.of("denoise", "deblur");
  private static final List<String> REGULARIZERS = List.of("tv", "foe", "foe-student");
  private static final List<String> INITS = List.of("dct", "random");

  /** See {@link ImagingParams#imageCol()}. */
  final Param<String> imageCol;
  /** See {@link ImagingParams#observationCol()}. */
  final Param<String> observationCol;
  /** See {@link ImagingParams#predictionCol()}. */
  final Param<String> predictionCol;
  /** See {@link ImagingParams#imageWidth()}. */
  final IntParam imageWidth;
  /** See {@link ImagingParams#problem()}. */
  final Param<String> problem;
  /** See {@link ImagingParams#regularizer()}. */
  final Param<String> regularizer;
  /** See {@link ImagingParams#noiseSigma()}. */
  final DoubleParam noiseSigma;
  /** See {@link ImagingParams#noiseSeed()}. */
  final LongParam noiseSeed;
  /** See {@link ImagingParams#blurSize()}. */
  final IntParam blurSize;
  /** See {@link ImagingParams#blurSigma()}. */
  final DoubleParam blurSigma;
  /** See {@link ImagingParams#tvLogScale()}. */
  final DoubleParam tvLogScale;
  /** See {@link ImagingParams#tvLogSmoothing()}. */
  final DoubleParam tvLogSmoothing;
  /** See {@link ImagingParams#foeFilters()}. */
  final IntParam foeFilters;
  /** See {@link ImagingParams#foeSize()}. */
  final IntParam foeSize;
  /** See {@link ImagingParams#foeInit()}. */
  final Param<String> foeInit;
  /** See {@link ImagingParams#foeSeed()}. */
  final LongParam foeSeed;
  /** See {@link ImagingParams#foeLogScale()}. */
  final DoubleParam foeLogScale;
  /** See {@link ImagingParams#foeLogSmoothing()}. */
  final DoubleParam foeLogSmoothing;
  /** See {@link ImagingParams#foeWeight()}. */
  final DoubleParam foeWeight;
  /** See {@link ImagingParams#strongConvexity()}. */
  final DoubleParam strongConvexity;
  /** See {@link ImagingParams#lowerTol()}. */
  final DoubleParam lowerTol;
  /** See {@link ImagingParams#lowerMaxIterations()}. */
  final IntParam lowerMaxIterations;
  /** See {@link ImagingParams#evalTol()}. */
  final DoubleParam evalTol;
  /** See {@link ImagingParams#cgTol()}. */
  final DoubleParam cgTol;
  /** See {@link ImagingParams#cgMaxIterations()}. */
  final IntParam cgMaxIterations;
  /** See {@link ImagingParams#steps()}. */
  final IntParam steps;
  /** See {@link ImagingParams#learningRate()}. */
  final DoubleParam learningRate;
  /** See {@link ImagingParams#batchSize()}. */
  final IntParam batchSize;
  /** See {@link ImagingParams#seed()}. */
  final LongParam seed;
  /** See {@link ImagingParams#shards()}. */
  final IntParam shards;
  /** See {@link ImagingParams#blockSize()}. */
  final IntParam blockSize;
  /** See {@link ImagingParams#blurKernel()}. */
  final Param<Matrix> blurKernel;

  /** Creates the parameters of {@code owner} (whose uid must already be set) and registers their defaults. */
  ImagingParamDefs(Params owner) {
    imageCol = new Param<>(owner, "imageCol",
        "column of the clean images x* (array<double> or vector, row-major)", nonEmpty("imageCol"));
    observationCol = new Param<>(owner, "observationCol",
        "column of the observations y; fit generates them when the column is absent", nonEmpty("observationCol"));
    predictionCol = new Param<>(owner, "predictionCol",
        "output column of the model: the restored image, array<double>", nonEmpty("predictionCol"));
    imageWidth = new IntParam(owner, "imageWidth",
        "image width in pixels (0 = square images); the height is length / width",
        checked("imageWidth", ParamValidators.gtEq(0), ">= 0"));
    problem = new Param<>(owner, "problem",
        "denoise (K = identity) | deblur (K = blurKernel, or the Gaussian blurSize/blurSigma)",
        checked("problem", ParamValidators.inArray(PROBLEMS), "one of denoise, deblur"));
    regularizer = new Param<>(owner, "regularizer",
        "learned regularizer: tv (smoothed total variation) | foe (convex Field of Experts) | foe-student "
            + "(Student-t experts, not convex)",
        checked("regularizer", ParamValidators.inArray(REGULARIZERS), "one of tv, foe, foe-student"));
    noiseSigma = new DoubleParam(owner, "noiseSigma",
        "sigma of the Gaussian noise of generated observations (intensities in [0, 1])",
        checked("noiseSigma", finite(ParamValidators.gtEq(0)), "finite and >= 0"));
    noiseSeed = new LongParam(owner, "noiseSeed",
        "seed of the noise of generated observations (row i's noise from (seed, i))");
    blurSize = new IntParam(owner, "blurSize",
        "Gaussian blur: odd size in taps (deblur without blurKernel)",
        checked("blurSize", ParamValidators.gtEq(1), ">= 1"));
    blurSigma = new DoubleParam(owner, "blurSigma",
        "Gaussian blur: sigma in pixels (deblur without blurKernel)",
        checked("blurSigma", finite(ParamValidators.gt(0)), "finite and > 0"));
    tvLogScale = new DoubleParam(owner, "tvLogScale",
        "tv: initial log-scale of R", checked("tvLogScale", finite(), "finite"));
    tvLogSmoothing = new DoubleParam(owner, "tvLogSmoothing",
        "tv: initial log-smoothing of R", checked("tvLogSmoothing", finite(), "finite"));
    foeFilters = new IntParam(owner, "foeFilters",
        "foe: number of filters", checked("foeFilters", ParamValidators.gtEq(1), ">= 1"));
    foeSize = new IntParam(owner, "foeSize",
        "foe: filter size (odd, >= 3)", checked("foeSize", odd(), "odd and >= 3"));
    foeInit = new Param<>(owner, "foeInit",
        "foe: filter initialisation dct | random (seeded)",
        checked("foeInit", ParamValidators.inArray(INITS), "one of dct, random"));
    foeSeed = new LongParam(owner, "foeSeed",
        "foe: seed of random filters");
    foeLogScale = new DoubleParam(owner, "foeLogScale",
        "foe: initial log-scale", checked("foeLogScale", finite(), "finite"));
    foeLogSmoothing = new DoubleParam(owner, "foeLogSmoothing",
        "foe: initial log-smoothing", checked("foeLogSmoothing", finite(), "finite"));
    foeWeight = new DoubleParam(owner, "foeWeight",
        "foe: initial weight of every filter", checked("foeWeight", finite(), "finite"));
    strongConvexity = new DoubleParam(owner, "strongConvexity",
        "epsilon_sc of the lower level's 0.5 epsilon_sc ||x||^2 term",
        checked("strongConvexity", finite(ParamValidators.gtEq(0)), "finite and >= 0"));
    lowerTol = new DoubleParam(owner, "lowerTol",
        "lower level (FISTA) tolerance epsilon on ||grad E|| per training image",
        checked("lowerTol", finite(ParamValidators.gt(0)), "finite and > 0"));
    lowerMaxIterations = new IntParam(owner, "lowerMaxIterations",
        "cap on FISTA gradient evaluations", checked("lowerMaxIterations", ParamValidators.gtEq(1), ">= 1"));
    evalTol = new DoubleParam(owner, "evalTol",
        "FISTA tolerance of transform, per training-image size (scaled by sqrt of the pixel ratio)",
        checked("evalTol", finite(ParamValidators.gt(0)), "finite and > 0"));
    cgTol = new DoubleParam(owner, "cgTol",
        "relative residual delta of the adjoint CG solve",
        checked("cgTol", finite(ParamValidators.gt(0)), "finite and > 0"));
    cgMaxIterations = new IntParam(owner, "cgMaxIterations",
        "cap on CG iterations", checked("cgMaxIterations", ParamValidators.gtEq(1), ">= 1"));
    steps = new IntParam(owner, "steps",
        "outer (Adam) steps", checked("steps", ParamValidators.gtEq(0), ">= 0"));
    learningRate = new DoubleParam(owner, "learningRate",
        "Adam learning rate", checked("learningRate", finite(ParamValidators.gt(0)), "finite and > 0"));
    batchSize = new IntParam(owner, "batchSize",
        "examples per step drawn from (seed, step); 0 = full batch",
        checked("batchSize", ParamValidators.gtEq(0), ">= 0"));
    seed = new LongParam(owner, "seed",
        "minibatch seed");
    shards = new IntParam(owner, "shards",
        "shards of the rows (fixed: results do not depend on the cluster)",
        checked("shards", ParamValidators.gtEq(1), ">= 1"));
    blockSize = new IntParam(owner, "blockSize",
        "images per block", checked("blockSize", ParamValidators.gtEq(1), ">= 1"));
    owner.setDefault(imageCol, "image");
    owner.setDefault(observationCol, "observation");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(imageWidth, 0);
    owner.setDefault(problem, "denoise");
    owner.setDefault(regularizer, "tv");
    owner.setDefault(noiseSigma, 0.1);
    owner.setDefault(noiseSeed, 1L);
    owner.setDefault(blurSize, 5);
    owner.setDefault(blurSigma, 1.0);
    owner.setDefault(tvLogScale, -3.0);
    owner.setDefault(tvLogSmoothing, -7.0);
    owner.setDefault(foeFilters, 10);
    owner.setDefault(foeSize, 7);
    owner.setDefault(foeInit, "dct");
    owner.setDefault(foeSeed, 0L);
    owner.setDefault(foeLogScale, -5.5);
    owner.setDefault(foeLogSmoothing, -7.0);
    owner.setDefault(foeWeight, 1.0);
    owner.setDefault(strongConvexity, 1e-6);
    owner.setDefault(lowerTol, 1e-3);
    owner.setDefault(lowerMaxIterations, 5000);
    owner.setDefault(evalTol, 1e-4);
    owner.setDefault(cgTol, 1e-3);
    owner.setDefault(cgMaxIterations, 2000);
    owner.setDefault(steps, 100);
    owner.setDefault(learningRate, 1e-3);
    owner.setDefault(batchSize, 0);
    owner.setDefault(seed, 7L);
    owner.setDefault(shards, 8);
    owner.setDefault(blockSize, 256);
    blurKernel = new Param<>(owner, "blurKernel", "deblur: the blur kernel, odd rows and columns, finite (no "
        + "default: the Gaussian of blurSize and blurSigma)", checked("blurKernel", SparseCodingParamDefs.rule(
            (Matrix k) -> k != null && k.numRows() % 2 == 1 && k.numCols() % 2 == 1
                && Arrays.stream(k.toArray()).allMatch(Double::isFinite)), "a finite matrix of odd shape"));
  }

  /**
   * The imaging problem the owner's values describe, read by the same code as a {@code train} config with these
   * keys; a combination the problem rejects (e.g. more dct filters than a filter has taps) names the parameter.
   */
  static PairTraining training(ImagingParams p) {
    Map<String, Object[]> keys = keys(p);
    Map<String, Object> values = new LinkedHashMap<>();
    keys.forEach((k, v) -> values.put(k, v[1]));
    values.put("data.test-seed", p.getNoiseSeed() + 1);
    Config c = ConfigFactory.parseMap(values).withFallback(ConfigFactory.parseResources(
        ImagingParamDefs.class.getClassLoader(), "imaging-defaults.conf")).resolve();
    FamilyConfig.Matrix kernel = null;
    if (p.isDefined(p.blurKernel())) {
      Matrix k = p.getBlurKernel();
      kernel = new FamilyConfig.Matrix("blurKernel", k.numRows(), k.numCols(), k.transpose().toArray());
    }
    FamilyConfig.Matrix k = kernel;
    try {
      return PairTraining.of(new FamilySection.SectionConfig("", c), p.getProblem().equals("deblur"), k);
    } catch (FamilyConfigException e) {
      String key = e.key();
      String name = keys.entrySet().stream().filter(en -> key.startsWith(en.getKey()) || en.getKey().startsWith(key))
          .map(en -> (String) en.getValue()[0]).findFirst().orElse(key);
      throw new IllegalArgumentException("parameter " + name + e.getMessage().substring(key.length()), e);
    }
  }

  /**
   * The shape of an image of {@code length} pixels: {@code width} columns, or square when {@code width} is 0.
   *
   * @param col the column, named in the error
   * @throws IllegalArgumentException when the length does not make such an image
   */
  static ImageShape shape(int length, int width, String col) {
    int w = width > 0 ? width : (int) Math.round(Math.sqrt(length));
    if (length == 0 || w == 0 || length % w != 0 || (width == 0 && w * w != length)) {
      throw new IllegalArgumentException("column '" + col + "' has an image of " + length + " pixels, not "
          + (width == 0 ? "a square (set imageWidth for other shapes)" : "a whole number of rows of imageWidth = "
          + width));
    }
    return new ImageShape(length / w, w);
  }

  /** Config key → (parameter name, value). */
  private static Map<String, Object[]> keys(ImagingParams p) {
    Map<String, Object[]> m = new LinkedHashMap<>();
    m.put("imaging.regularizer", new Object[] {"regularizer", p.getOrDefault(p.regularizer())});
    m.put("data.noise-sigma", new Object[] {"noiseSigma", p.getOrDefault(p.noiseSigma())});
    m.put("data.seed", new Object[] {"noiseSeed", p.getOrDefault(p.noiseSeed())});
    m.put("imaging.blur.size", new Object[] {"blurSize", p.getOrDefault(p.blurSize())});
    m.put("imaging.blur.sigma", new Object[] {"blurSigma", p.getOrDefault(p.blurSigma())});
    m.put("imaging.tv.log-scale", new Object[] {"tvLogScale", p.getOrDefault(p.tvLogScale())});
    m.put("imaging.tv.log-smoothing", new Object[] {"tvLogSmoothing", p.getOrDefault(p.tvLogSmoothing())});
    m.put("imaging.foe.filters", new Object[] {"foeFilters", p.getOrDefault(p.foeFilters())});
    m.put("imaging.foe.size", new Object[] {"foeSize", p.getOrDefault(p.foeSize())});
    m.put("imaging.foe.init", new Object[] {"foeInit", p.getOrDefault(p.foeInit())});
    m.put("imaging.foe.seed", new Object[] {"foeSeed", p.getOrDefault(p.foeSeed())});
    m.put("imaging.foe.log-scale", new Object[] {"foeLogScale", p.getOrDefault(p.foeLogScale())});
    m.put("imaging.foe.log-smoothing", new Object[] {"foeLogSmoothing", p.getOrDefault(p.foeLogSmoothing())});
    m.put("imaging.foe.weight", new Object[] {"foeWeight", p.getOrDefault(p.foeWeight())});
    m.put("imaging.strong-convexity", new Object[] {"strongConvexity", p.getOrDefault(p.strongConvexity())});
    m.put("imaging.lower.tol", new Object[] {"lowerTol", p.getOrDefault(p.lowerTol())});
    m.put("imaging.lower.max-iterations", new Object[] {"lowerMaxIterations", p.getOrDefault(p.lowerMaxIterations())});
    m.put("imaging.lower.eval-tol", new Object[] {"evalTol", p.getOrDefault(p.evalTol())});
    m.put("imaging.cg.tol", new Object[] {"cgTol", p.getOrDefault(p.cgTol())});
    m.put("imaging.cg.max-iterations", new Object[] {"cgMaxIterations", p.getOrDefault(p.cgMaxIterations())});
    return m;
  }

  private static Function1<Object, Object> finite(Function1<Object, Object> rule) {
    return SparseCodingParamDefs.finiteAnd(rule);
  }

  private static Function1<Object, Object> finite() {
    return SparseCodingParamDefs.rule(v -> Double.isFinite(((Number) v).doubleValue()));
  }

  private static Function1<Object, Object> odd() {
    return SparseCodingParamDefs.rule(v -> ((Number) v).intValue() >= 3 && ((Number) v).intValue() % 2 == 1);
  }
}
