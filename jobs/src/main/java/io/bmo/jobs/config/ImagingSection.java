package io.bmo.jobs.config;

import static io.bmo.jobs.config.TrainConfig.lng;
import static io.bmo.jobs.config.TrainConfig.num;
import static io.bmo.jobs.config.TrainConfig.posInt;
import static io.bmo.jobs.config.TrainConfig.nonNegInt;
import static io.bmo.jobs.config.TrainConfig.require;
import static io.bmo.jobs.config.TrainConfig.str;
import static io.bmo.jobs.config.TrainConfig.wrap;

import com.typesafe.config.Config;
import io.bmo.core.imaging.AcceleratedGradient;
import io.bmo.core.imaging.ImagingConfig;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.FieldOfExperts;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import io.bmo.core.imaging.regularizer.SmoothedTotalVariation;
import java.io.Serializable;
import java.util.Locale;

/**
 * The imaging part of a {@code denoise | deblur} config: the image keys of {@code data} and the {@code imaging}
 * section, validated (each error names its key). Files (images, a {@code .npy} blur kernel) are only named here; the
 * run setup reads and checks them.
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
public record ImagingSection(String images, String testImages, int cropSize, int cropStride, double noiseSigma,
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

  static ImagingSection from(Config c, TrainConfig.Problem problem) {
    String images = str(c, "data.images").trim();
    String testImages = str(c, "data.test-images").trim();
    int crop = posInt(c, "data.crop-size");
    require(crop >= 3, "data.crop-size", "must be >= 3, got " + crop);
    int stride = nonNegInt(c, "data.crop-stride");
    double sigma = num(c, "data.noise-sigma");
    require(sigma >= 0, "data.noise-sigma", "must be >= 0, got " + sigma);
    long seed = lng(c, "data.seed");
    long testSeed = lng(c, "data.test-seed");
    require(testSeed != seed || !images.isEmpty(), "data.test-seed",
        "must differ from data.seed (synthetic test images are generated from it), got " + testSeed);
    long trainN = lng(c, "data.train-examples");
    long testN = lng(c, "data.test-examples");
    if (images.isEmpty()) {
      require(trainN >= 1, "data.train-examples", "must be >= 1 for synthetic images, got " + trainN);
    } else {
      require(trainN >= 0, "data.train-examples", "must be >= 0 (0 = all crops), got " + trainN);
    }
    require(testN >= 0, "data.test-examples", "must be >= 0, got " + testN);

    String reg = str(c, "imaging.regularizer").toLowerCase(Locale.ROOT);
    RegularizerModel model = switch (reg) {
      case "tv" -> wrap("imaging.tv", () -> new SmoothedTotalVariation.Model(num(c, "imaging.tv.log-scale"),
          num(c, "imaging.tv.log-smoothing")));
      case "foe" -> {
        String init = str(c, "imaging.foe.init").toLowerCase(Locale.ROOT);
        require(init.equals("dct") || init.equals("random"), "imaging.foe.init",
            "expected dct or random, got '" + init + "'");
        int filters = posInt(c, "imaging.foe.filters");
        int size = posInt(c, "imaging.foe.size");
        require(size >= 3 && size % 2 == 1, "imaging.foe.size", "must be odd and >= 3, got " + size);
        require(init.equals("random") || filters <= size * size - 1, "imaging.foe.filters",
            "dct init has only " + (size * size - 1) + " filters for size " + size + ", got " + filters);
        yield wrap("imaging.foe", () -> new FieldOfExperts.Model(filters, size,
            init.equals("dct") ? FieldOfExperts.FilterInit.DCT : FieldOfExperts.FilterInit.SEEDED_RANDOM,
            lng(c, "imaging.foe.seed"), num(c, "imaging.foe.log-scale"), num(c, "imaging.foe.log-smoothing"),
            num(c, "imaging.foe.weight")));
      }
      default -> throw new io.bmo.jobs.UserError("imaging.regularizer: expected tv or foe, got '" + reg + "'");
    };
    String kernel = str(c, "imaging.blur.kernel").trim();
    int blurSize = posInt(c, "imaging.blur.size");
    double blurSigma = num(c, "imaging.blur.sigma");
    if (problem == TrainConfig.Problem.DEBLUR) {
      require(!kernel.isEmpty(), "imaging.blur.kernel", "required for deblur: gaussian or a .npy file");
      if (kernel.equals("gaussian")) {
        wrap("imaging.blur", () -> new ForwardModel.GaussianBlur(blurSize, blurSigma));
      } else {
        require(kernel.endsWith(".npy"), "imaging.blur.kernel", "expected gaussian or a .npy file, got '" + kernel
            + "'");
      }
    }
    double sc = num(c, "imaging.strong-convexity");
    require(sc >= 0, "imaging.strong-convexity", "must be >= 0, got " + sc);
    double eps = num(c, "imaging.lower.tol");
    require(eps > 0, "imaging.lower.tol", "must be > 0, got " + eps);
    double evalEps = num(c, "imaging.lower.eval-tol");
    require(evalEps > 0, "imaging.lower.eval-tol", "must be > 0, got " + evalEps);
    double delta = num(c, "imaging.cg.tol");
    require(delta > 0, "imaging.cg.tol", "must be > 0, got " + delta);
    double safety = num(c, "imaging.lower.lipschitz-safety");
    require(safety >= 1, "imaging.lower.lipschitz-safety", "must be >= 1, got " + safety);
    AcceleratedGradient.Config lower = new AcceleratedGradient.Config(posInt(c, "imaging.lower.max-iterations"),
        posInt(c, "imaging.lower.power-iterations"), safety);
    return new ImagingSection(images, testImages, crop, stride == 0 ? crop : stride, sigma, seed, testSeed, trainN,
        testN, model, kernel, blurSize, blurSigma, sc, lower, posInt(c, "imaging.cg.max-iterations"),
        new Tolerances(eps, delta), evalEps);
  }
}
