package io.bmo.core.pnp;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.deconv.BlurSpectrum;
import io.bmo.core.deconv.CircularBlur;
import io.bmo.core.deconv.MotionKernels;
import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.DenoiserFamily;
import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageRestoration;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code problem = "pnp-deblur"} (section {@code pnp-deblur}, keys in {@code pnp-deblur-defaults.conf}): K stages of
 * plug-and-play deblurring with a pretrained CNN denoiser, trained by Algorithm 1 ({@link PnpDeblurTraining}); the
 * headline metric is the test PSNR on seeded motion blur.
 */
public final class PnpDeblurFamily implements ProblemFamily {
  @Override
  public List<String> names() {
    return List.of("pnp-deblur");
  }

  @Override
  public String section() {
    return "pnp-deblur";
  }

  @Override
  public String defaultsResource() {
    return "pnp-deblur-defaults.conf";
  }

  /**
   * {@code pnp-deblur.flips}, {@code downsample} and {@code self-ensemble} came later; {@code "false"}, 1 and 1 are
   * what runs did before them.
   */
  @Override
  public Map<String, String> neutralAddedKeys() {
    return Map.of("pnp-deblur.flips", "\"false\"", "pnp-deblur.downsample", "1", "pnp-deblur.self-ensemble", "1");
  }

  /** The self-ensemble only changes how whole images are deblurred. */
  @Override
  public java.util.Set<String> evaluationKeys() {
    return java.util.Set.of("pnp-deblur.self-ensemble");
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_psnr_db", Metric.Goal.MAXIMIZE, "Test PSNR (dB)", Metric.Plot.LINEAR));
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    ConvNetSpec spec = DenoiserFamily.network(c);
    int crop = c.positiveInt("crop");
    int stages = c.positiveInt("stages");
    long trainCount = c.integer("train-examples");
    long testCount = c.integer("test-examples");
    c.require(trainCount >= 1, "train-examples", "must be >= 1, got " + trainCount);
    c.require(testCount >= 0, "test-examples", "must be >= 0, got " + testCount);
    double noise = c.number("noise");
    c.require(noise > 0 && noise < 255, "noise", "must be in (0, 255) (units of 1/255), got " + noise);
    double sigma1 = c.number("sigma1");
    c.require(sigma1 >= noise && sigma1 < 1e4, "sigma1", "must be at least the noise level " + noise + ", got "
        + sigma1);
    double lambda = c.number("lambda");
    c.require(lambda > 0 && Double.isFinite(lambda), "lambda", "must be > 0, got " + lambda);
    double mu = c.number("mu");
    c.require(mu >= 0 && mu <= 1, "mu", "must be in [0, 1], got " + mu);
    double upper = c.number("upper-step");
    c.require(upper >= 0 && upper <= 2, "upper-step", "must be in [0, 2], got " + upper);
    double alpha = c.number("alpha");
    c.require(alpha > 0 && alpha <= 1, "alpha", "must be in (0, 1], got " + alpha);
    boolean project = c.flag("project");
    boolean learn = c.flag("learn-network");
    boolean flips = c.flag("flips");
    int ensemble = c.positiveInt("self-ensemble");
    c.require(ensemble == 1 || ensemble == 2 || ensemble == 4 || ensemble == 8, "self-ensemble", "expected 1, 2, 4"
        + " or 8, got " + ensemble);
    int kmin = (int) c.integer("kernel-min");
    int kmax = (int) c.integer("kernel-max");
    c.require(kmin >= 3 && kmin % 2 == 1, "kernel-min", "must be odd and >= 3, got " + kmin);
    c.require(kmax >= kmin && kmax % 2 == 1 && kmax <= MotionKernels.MAX_SIZE && kmax <= crop, "kernel-max",
        "must be odd, in [kernel-min, min(" + MotionKernels.MAX_SIZE + ", crop)], got " + kmax);
    c.require(!c.string("images").isEmpty(), "images", "needs training images (a directory, glob or URI)");
    ImageBank trainBank = DenoiserFamily.bank(c, "images");
    ImageBank testBank = DenoiserFamily.bank(c, "test-images");
    c.require(crop <= trainBank.minSide(), "crop", "must fit the smallest training image side "
        + trainBank.minSide() + ", got " + crop);
    c.require(testBank == null || crop <= testBank.minSide(), "crop", "must fit the smallest test image side "
        + (testBank == null ? 0 : testBank.minSide()) + ", got " + crop);
    double[] network = c.string("denoiser-run").isEmpty() ? spec.initialParameters(c.integer("init-seed"))
        : c.trainedOmega("denoiser-run", spec.layout());
    long seed = c.integer("seed");
    long testSeed = c.integer("test-seed");
    c.require(testBank == null || testSeed != seed, "test-seed", "must differ from seed (" + seed + ")");
    PnpDeblurTraining.Examples train = new PnpDeblurTraining.Examples(trainBank, trainCount, seed,
        new MotionKernels(seed, kmin, kmax));
    long tests = testBank == null ? 0 : testCount;
    PnpDeblurTraining.Examples test = tests == 0 ? null : new PnpDeblurTraining.Examples(testBank, tests, testSeed,
        new MotionKernels(testSeed, kmin, kmax));
    PnpDeblurTraining p = new PnpDeblurTraining(spec, stages, new PnpDeblur.Aggregation(mu, upper, alpha, project),
        learn, flips, crop, noise / 255, train, test);
    double[] schedule = PnpDeblur.dpirSchedule(stages, sigma1 / 255, noise / 255, lambda);
    return new FamilyRun() {
      @Override
      public ShardedProblem problem() {
        return p;
      }

      @Override
      public ShardPlan trainPlan() {
        return engine.plan(trainCount);
      }

      @Override
      public ShardPlan testPlan() {
        return tests == 0 ? null : engine.plan(tests);
      }

      @Override
      public double[] initialOmega() {
        double[] w = new double[p.layout().size()];
        System.arraycopy(schedule, 0, w, 0, schedule.length);
        System.arraycopy(network, 0, w, schedule.length, network.length);
        return w;
      }

      @Override
      public String progressMetric() {
        return tests > 0 ? "test_psnr_db" : "train_psnr_db";
      }

      @Override
      public Map<String, Object> manifestFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network_parameters", spec.parameterCount());
        m.put("learned_network", learn);
        m.put("flips", flips);
        if (ensemble > 1) {
          m.put("self_ensemble", ensemble);
        }
        m.put("denoiser_run", c.string("denoiser-run"));
        return m;
      }

      @Override
      public Map<String, Object> evaluate(double[] omega) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (tests == 0) {
          return m;
        }
        double[][] sum = EngineSettings.evaluateHere(p, omega, engine.plan(tests), true, p.evalDepths());
        m.put("test_psnr_db", PixelErrors.of(sum[0]).psnr());
        m.put("test_examples", tests);
        return m;
      }

      @Override
      public boolean restoresImages() {
        return true;
      }

      @Override
      public ImageRestoration.Result restore(double[] omega, ImageRestoration.Request r) {
        if (r.kernel() == null) {
          throw new IllegalArgumentException("--kernels: required for " + problem + " runs (a directory of .npy blur"
              + " kernels)");
        }
        int h = r.clean().height();
        int w = r.clean().width();
        if (r.kernel().rows() > h || r.kernel().cols() > w) {
          throw new IllegalArgumentException("--kernels: " + r.kernel().name() + " (" + r.kernel().rows() + "x"
              + r.kernel().cols() + ") is larger than image " + r.clean().name() + " (" + h + "x" + w + ")");
        }
        BlurKernel kernel = new BlurKernel(r.kernel().rows(), r.kernel().cols(), r.kernel().taps());
        double[] y = new double[h * w];
        new CircularBlur(new BlurSpectrum(kernel, new ImageShape(h, w))).apply(r.clean().pixels(), y);
        r.addNoise(y, PnpDeblurTraining.NOISE_STREAM);
        double[] out = new double[h * w];
        p.restore(omega, kernel, y, h, w, ensemble, out);
        return new ImageRestoration.Result(y, out);
      }

      @Override
      public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_psnr_db", last.applyAsDouble("train_psnr_db"));
        m.put("test_psnr_db", last.applyAsDouble("test_psnr_db"));
        double[] rho = new double[stages];
        double[] sigma = new double[stages];
        for (int k = 0; k < stages; k++) {
          rho[k] = Math.exp(omega[k]);
          sigma[k] = 255 * Math.exp(omega[stages + k]);
        }
        m.put("rho", rho);
        m.put("sigma_255", sigma);
        return m;
      }
    };
  }
}
