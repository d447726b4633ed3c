package io.bmo.jobs.run;

import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.RegularizerModel;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.imaging.ImageSource;
import io.bmo.core.imaging.ImagingShards;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.imaging.CropSource;
import io.bmo.core.imaging.Degradation;
import io.bmo.core.imaging.SyntheticImageSource;
import io.bmo.core.imaging.SyntheticImages;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.config.ImagingSection;
import io.bmo.jobs.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A {@code denoise | deblur} run: forward model K (identity, or the configured blur), training and test
 * {@link ImageSource}s (crops of image files, or seeded synthetic images) with noise from (seed, example index), the
 * {@link ImagingShards} problem, ω₀ = the regularizer's initial θ, and clip → Adam/SGD followed by the regularizer's
 * projection (zero-mean FoE filters). All files are read and checked here, before anything is written.
 */
public final class ImagingSetup implements RunSetup {
  private final TrainConfig config;
  private final ForwardModel forward;
  private final ImagingShards shards;

  private ImagingSetup(TrainConfig config, ForwardModel forward, ImagingShards shards) {
    this.config = config;
    this.forward = forward;
    this.shards = shards;
  }

  public static ImagingSetup create(TrainConfig cfg, Configuration hadoop) {
    ImagingSection im = cfg.imaging();
    ForwardModel forward = forwardModel(cfg, hadoop);
    Degradation trainDeg = new Degradation(forward, im.noiseSigma(), SyntheticImageSource.noiseSeed(im.seed()));
    Degradation testDeg = new Degradation(forward, im.noiseSigma(), SyntheticImageSource.noiseSeed(im.testSeed()));
    int crop = im.cropSize();
    ImageSource train = im.fromFiles()
        ? new CropSource(ImageInputs.crops(ImageInputs.read(im.images(), "data.images", hadoop), crop,
            im.cropStride(), im.trainExamples(), "data.images"), trainDeg)
        : new SyntheticImageSource(new SyntheticImages(im.seed(), crop, crop), im.trainExamples(), trainDeg);
    ImageSource test = null;
    if (!im.testImages().isEmpty()) {
      test = new CropSource(ImageInputs.crops(ImageInputs.read(im.testImages(), "data.test-images", hadoop), crop,
          im.cropStride(), im.testExamples(), "data.test-images"), testDeg);
    } else if (!im.fromFiles() && im.testExamples() > 0) {
      test = new SyntheticImageSource(new SyntheticImages(im.testSeed(), crop, crop), im.testExamples(), testDeg);
    }
    int block = (int) Math.min(cfg.train().blockSize(), Math.max(train.size(), test == null ? 1 : test.size()));
    ImageSource testSet = test;
    ImagingShards shards = TrainConfig.wrapStatic("imaging", () -> new ImagingShards(im.core(forward), train,
        testSet, im.tolerances(), im.evalTolerance(), block));
    return new ImagingSetup(cfg, forward, shards);
  }

  /** K of the configured problem: identity for denoise, the Gaussian or {@code .npy} kernel for deblur. */
  public static ForwardModel forwardModel(TrainConfig cfg, Configuration hadoop) {
    ImagingSection im = cfg.imaging();
    if (cfg.problem() == TrainConfig.Problem.DENOISE) {
      return new ForwardModel.Identity();
    }
    if (im.blurKernel().equals("gaussian")) {
      return new ForwardModel.GaussianBlur(im.blurSize(), im.blurSigma());
    }
    NpyArray k = MatrixFiles.read(im.blurKernel(), "kernel", hadoop, -1, -1);
    return TrainConfig.wrapStatic("imaging.blur.kernel",
        () -> new ForwardModel.Kernel(k.shape()[0], k.shape()[1], k.data()));
  }

  public TrainConfig config() {
    return config;
  }

  public ForwardModel forward() {
    return forward;
  }

  @Override
  public ImagingShards problem() {
    return shards;
  }

  @Override
  public ShardPlan trainPlan() {
    return plan(shards.trainSize());
  }

  @Override
  public ShardPlan testPlan() {
    return shards.testSize() == 0 ? null : plan(shards.testSize());
  }

  private ShardPlan plan(long n) {
    TrainConfig.Train t = config.train();
    return new ShardPlan(n, (int) Math.min(t.shards(), n), (int) Math.min(t.blockSize(), n));
  }

  @Override
  public double[] initialOmega() {
    return config.imaging().regularizer().initialTheta();
  }

  @Override
  public Optimizer optimizer() {
    RegularizerModel reg = config.imaging().regularizer();
    return config.optimizer().build(reg::project);
  }

  @Override
  public String progressMetric() {
    return shards.testSize() > 0 ? "test_psnr" : "train_psnr";
  }

  @Override
  public Map<String, Object> manifestFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_shape", shards.train().shape().toString());
    m.put("train_examples", shards.trainSize());
    m.put("test_examples", shards.testSize());
    m.put("forward_model", forward.toString());
    return m;
  }

  @Override
  public Map<String, Object> seeds() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", config.imaging().seed());
    m.put("test", config.imaging().testSeed());
    return m;
  }

  @Override
  public Map<String, Double> algorithmMetrics(double[] omega, double[][] e) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test_psnr", e == null ? Double.NaN
        : ImagingShards.psnr(e[0][ImagingShards.EVAL_SQ_ERROR], e[0][ImagingShards.EVAL_PIXELS]));
    m.put("test_input_psnr", e == null ? Double.NaN
        : ImagingShards.psnr(e[0][ImagingShards.EVAL_INPUT_SQ_ERROR], e[0][ImagingShards.EVAL_PIXELS]));
    return m;
  }

  @Override
  public boolean algorithmMetricsUseTest() {
    return true;
  }

  @Override
  public Map<String, Object> resultFields(double[] omega, MetricsLog metrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem", config.problem().id());
    m.put("regularizer", config.imaging().regularizer() instanceof
        io.bmo.core.imaging.regularizer.FieldOfExperts.Model ? "foe" : "tv");
    m.put("train_psnr", metrics.last("train_psnr"));
    m.put("test_psnr", metrics.last("test_psnr"));
    m.put("test_input_psnr", metrics.last("test_input_psnr"));
    m.put("cost_cumulative", metrics.last("cost_cumulative"));
    return m;
  }
}
