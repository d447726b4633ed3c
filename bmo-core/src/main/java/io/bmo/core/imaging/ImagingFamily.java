package io.bmo.core.imaging;

import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.imaging.operator.ForwardModel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code problem = "denoise" | "deblur"} (sections {@code data} and {@code imaging}, keys in
 * {@code imaging-defaults.conf}): a learned regularizer R_θ (smoothed TV or a Field of Experts, convex or with
 * Student-t experts) in the lower level {@code min_x ½‖Kx − y‖² + R_θ(x) + ε_sc/2‖x‖²} (strongly convex but for the
 * Student-t experts), K the identity or a blur; examples are crops of image
 * files or seeded synthetic images, degraded with noise from (seed, example index). Supports Algorithm 1 (implicit
 * hypergradient), ISGD and MAID; {@code evaluate --images} restores whole images ({@link ImagingRun#evaluateImages}).
 */
public final class ImagingFamily implements ProblemFamily {
  @Override
  public List<String> names() {
    return List.of("denoise", "deblur");
  }

  @Override
  public String section() {
    return "imaging";
  }

  @Override
  public List<String> sections() {
    return List.of("data", "imaging");
  }

  /** The blur keys are read by deblur only. */
  @Override
  public boolean reads(String problem, String key) {
    return problem.equals("deblur") || !(key.equals("imaging.blur") || key.startsWith("imaging.blur."));
  }

  @Override
  public String defaultsResource() {
    return "imaging-defaults.conf";
  }

  @Override
  public boolean defaultsInEveryConfig() {
    return true;
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_psnr", Metric.Goal.MAXIMIZE, "Test PSNR (dB)", Metric.Plot.LINEAR));
  }

  @Override
  public void validate(String problem, FamilyConfig c, EngineSettings engine) {
    ImagingSettings.from(c, problem.equals("deblur"));
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    boolean deblur = problem.equals("deblur");
    ImagingSettings im = ImagingSettings.from(c, deblur);
    ForwardModel forward = forwardModel(c, im, deblur);
    Degradation trainDeg = new Degradation(forward, im.noiseSigma(), SyntheticImageSource.noiseSeed(im.seed()));
    Degradation testDeg = new Degradation(forward, im.noiseSigma(), SyntheticImageSource.noiseSeed(im.testSeed()));
    int crop = im.cropSize();
    ImageSource train = im.fromFiles()
        ? new CropSource(crops(c, "data.images", im), trainDeg)
        : new SyntheticImageSource(new SyntheticImages(im.seed(), crop, crop), im.trainExamples(), trainDeg);
    ImageSource test = null;
    if (!im.testImages().isEmpty()) {
      test = new CropSource(crops(c, "data.test-images", im), testDeg);
    } else if (!im.fromFiles() && im.testExamples() > 0) {
      test = new SyntheticImageSource(new SyntheticImages(im.testSeed(), crop, crop), im.testExamples(), testDeg);
    }
    int block = (int) Math.min(engine.blockSize(), Math.max(train.size(), test == null ? 1 : test.size()));
    ImageSource testSet = test;
    ImagingShards shards = FamilyConfigException.wrap("imaging", () -> new ImagingShards(im.core(forward), train,
        testSet, im.tolerances(), im.evalTolerance(), block));
    return new ImagingRun(problem, im, forward, shards, engine);
  }

  /** K of the configured problem: identity for denoise, the Gaussian or {@code .npy} kernel for deblur. */
  private static ForwardModel forwardModel(FamilyConfig c, ImagingSettings im, boolean deblur) {
    if (!deblur) {
      return new ForwardModel.Identity();
    }
    if (im.blurKernel().equals("gaussian")) {
      return new ForwardModel.GaussianBlur(im.blurSize(), im.blurSigma());
    }
    FamilyConfig.Matrix k = c.matrix("imaging.blur.kernel");
    return FamilyConfigException.wrap("imaging.blur.kernel",
        () -> new ForwardModel.Kernel(k.rows(), k.cols(), k.data()));
  }

  /**
   * Crops of {@code data.crop-size} with {@code data.crop-stride} of the images named by {@code key}, image by image
   * in name order and row-major inside each, then {@code keep} of them evenly spaced ({@code ⌊k·total/keep⌋},
   * k = 0..keep−1; 0 or ≥ total keeps all), keep = {@code data.train-examples} or {@code data.test-examples}.
   */
  private static List<GrayImage> crops(FamilyConfig c, String key, ImagingSettings im) {
    int size = im.cropSize();
    long keep = key.equals("data.images") ? im.trainExamples() : im.testExamples();
    List<GrayImage> all = new ArrayList<>();
    for (FamilyConfig.Image n : c.images(key)) {
      all.addAll(Crops.cut(new GrayImage(n.height(), n.width(), n.pixels()), size, size, im.cropStride()));
    }
    if (all.isEmpty()) {
      throw new FamilyConfigException(key, "no image is at least " + size + "x" + size + " (data.crop-size)");
    }
    if (keep <= 0 || keep >= all.size()) {
      return all;
    }
    List<GrayImage> out = new ArrayList<>((int) keep);
    for (long k = 0; k < keep; k++) {
      out.add(all.get((int) (k * all.size() / keep)));
    }
    return out;
  }
}
