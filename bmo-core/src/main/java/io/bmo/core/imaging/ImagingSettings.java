package io.bmo.core.imaging;

import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.FieldOfExperts;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import io.bmo.core.imaging.regularizer.SmoothedTotalVariation;
import io.bmo.core.solver.Tolerances;
import java.io.Serializable;
import java.util.Locale;

/**
 * The keys of a {@code denoise | deblur} config, validated (each error names its full key): the image keys of
 * {@code data} and the {@code imaging} section. Files (images, a {@code .npy} blur kernel) are only named here.
 *
 * @param images {@code data.images}: directory, glob or Hadoop URI of PNG/JPEG files; "" = synthetic images
 * @param testImages {@code data.test-images}: likewise for the test set; "" = synthetic test images from
 *     {@code test-seed} when {@code images} is "" too, otherwise no test set
 * @param cropSize {@code data.crop-size}: examples are cropSize × cropSize crops (or synthetic images of that size)
 * @param cropStride {@code data.crop-stride} resolved (0 in the config means cropSize: tiles without overlap)
 * @param noiseSigma {@code data.noise-sigma}: σ of the Gaussian noise, intensities in [0, 1]
 * @param seed {@code data.seed}: synthetic training images and training noise
 * @param testSeed {@code data.test-seed}: synthetic test images and test noise
 * @param trainExamples {@code data.train-examples}: synthetic count, or with files the number of crops kept, evenly
 *     spaced in file/crop order (0 = all)
 * @param testExamples {@code data.test-examples}: likewise for the test set (synthetic: 0 = no test set)
 * @param regularizer R_θ from {@code imaging.regularizer} and its {@code imaging.tv | imaging.foe} keys
 * @param blurKernel {@code imaging.blur.kernel}: "gaussian" or a {@code .npy} kernel file (deblur only)
 * @param blurSize {@code imaging.blur.size}: odd Gaussian kernel size
 * @param blurSigma {@code imaging.blur.sigma}: Gaussian σ in pixels
 * @param strongConvexity {@code imaging.strong-convexity}: ε_sc
 * @param lower FISTA caps from {@code imaging.lower.*}
 * @param maxCgIterations {@code imaging.cg.max-iterations}
 * @param tolerances ε = {@code imaging.lower.tol}, δ = {@code imaging.cg.tol}
 * @param evalTolerance {@code imaging.lower.eval-tol}: ε of test-set and {@code evaluate} solves
 */
public record ImagingSettings(String images, String testImages, int cropSize, int cropStride, double noiseSigma,
    long seed, long testSeed, long trainExamples, long testExamples, RegularizerModel regularizer, String blurKernel,
    int blurSize, double blurSigma, double strongConvexity, AcceleratedGradient.Config lower, int maxCgIterations,
    Tolerances tolerances, double evalTolerance) implements Serializable {

  /** Whether training crops come from files. */
  public boolean fromFiles() {
    return !images.isEmpty();
  }

  /** The core problem configuration for a forward model K. */
  public ImagingConfig core(ForwardModel forward) {
    return new ImagingConfig(forward, regularizer, strongConvexity, lower, maxCgIterations);
  }

  /** Parses and validates; {@code c} is rooted at the top of the config (full keys). */
  static ImagingSettings from(FamilyConfig c, boolean deblur) {
    String images = c.string("data.images").trim();
    String testImages = c.string("data.test-images").trim();
    int crop = c.positiveInt("data.crop-size");
    c.require(crop >= 3, "data.crop-size", "must be >= 3, got " + crop);
    int stride = c.nonNegativeInt("data.crop-stride");
    double sigma = c.number("data.noise-sigma");
    c.require(sigma >= 0, "data.noise-sigma", "must be >= 0, got " + sigma);
    long seed = c.integer("data.seed");
    long testSeed = c.integer("data.test-seed");
    c.require(testSeed != seed || !images.isEmpty(), "data.test-seed",
        "must differ from data.seed (synthetic test images are generated from it), got " + testSeed);
    long trainN = c.integer("data.train-examples");
    long testN = c.integer("data.test-examples");
    if (images.isEmpty()) {
      c.require(trainN >= 1, "data.train-examples", "must be >= 1 for synthetic images, got " + trainN);
    } else {
      c.require(trainN >= 0, "data.train-examples", "must be >= 0 (0 = all crops), got " + trainN);
    }
    c.require(testN >= 0, "data.test-examples", "must be >= 0, got " + testN);
    RegularizerModel model = regularizer(c);
    String kernel = c.string("imaging.blur.kernel").trim();
    int blurSize = c.positiveInt("imaging.blur.size");
    double blurSigma = c.number("imaging.blur.sigma");
    if (deblur) {
      c.require(!kernel.isEmpty(), "imaging.blur.kernel", "required for deblur: gaussian or a .npy file");
      if (kernel.equals("gaussian")) {
        FamilyConfigException.wrap("imaging.blur", () -> new ForwardModel.GaussianBlur(blurSize, blurSigma));
      } else {
        c.require(kernel.endsWith(".npy"), "imaging.blur.kernel", "expected gaussian or a .npy file, got '" + kernel
            + "'");
      }
    }
    double sc = c.number("imaging.strong-convexity");
    c.require(sc >= 0, "imaging.strong-convexity", "must be >= 0, got " + sc);
    double eps = c.number("imaging.lower.tol");
    c.require(eps > 0, "imaging.lower.tol", "must be > 0, got " + eps);
    double evalEps = c.number("imaging.lower.eval-tol");
    c.require(evalEps > 0, "imaging.lower.eval-tol", "must be > 0, got " + evalEps);
    double delta = c.number("imaging.cg.tol");
    c.require(delta > 0, "imaging.cg.tol", "must be > 0, got " + delta);
    double safety = c.number("imaging.lower.lipschitz-safety");
    c.require(safety >= 1, "imaging.lower.lipschitz-safety", "must be >= 1, got " + safety);
    AcceleratedGradient.Config lower = new AcceleratedGradient.Config(c.positiveInt("imaging.lower.max-iterations"),
        c.positiveInt("imaging.lower.power-iterations"), safety);
    return new ImagingSettings(images, testImages, crop, stride == 0 ? crop : stride, sigma, seed, testSeed, trainN,
        testN, model, kernel, blurSize, blurSigma, sc, lower, c.positiveInt("imaging.cg.max-iterations"),
        new Tolerances(eps, delta), evalEps);
  }

  private static RegularizerModel regularizer(FamilyConfig c) {
    String reg = c.string("imaging.regularizer").toLowerCase(Locale.ROOT);
    return switch (reg) {
      case "tv" -> FamilyConfigException.wrap("imaging.tv", () -> new SmoothedTotalVariation.Model(
          c.number("imaging.tv.log-scale"), c.number("imaging.tv.log-smoothing")));
      case "foe", "foe-student" -> {
        String init = c.string("imaging.foe.init").toLowerCase(Locale.ROOT);
        c.require(init.equals("dct") || init.equals("random"), "imaging.foe.init",
            "expected dct or random, got '" + init + "'");
        int filters = c.positiveInt("imaging.foe.filters");
        int size = c.positiveInt("imaging.foe.size");
        c.require(size >= 3 && size % 2 == 1, "imaging.foe.size", "must be odd and >= 3, got " + size);
        c.require(init.equals("random") || filters <= size * size - 1, "imaging.foe.filters",
            "dct init has only " + (size * size - 1) + " filters for size " + size + ", got " + filters);
        long seed = c.integer("imaging.foe.seed");
        double scale = c.number("imaging.foe.log-scale");
        double smoothing = c.number("imaging.foe.log-smoothing");
        double weight = c.number("imaging.foe.weight");
        yield FamilyConfigException.wrap("imaging.foe", () -> new FieldOfExperts.Model(filters, size,
            init.equals("dct") ? FieldOfExperts.FilterInit.DCT : FieldOfExperts.FilterInit.SEEDED_RANDOM,
            seed, scale, smoothing, weight, reg.equals("foe") ? FieldOfExperts.Potential.CONVEX
                : FieldOfExperts.Potential.STUDENT_T));
      }
      default -> throw new FamilyConfigException("imaging.regularizer",
          "expected tv, foe or foe-student, got '" + reg + "'");
    };
  }
}
