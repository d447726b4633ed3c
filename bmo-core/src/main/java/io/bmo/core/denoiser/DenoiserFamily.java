package io.bmo.core.denoiser;

import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageRestoration;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import io.bmo.core.random.SeededRandom;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code problem = "denoiser"} (section {@code denoiser}, keys in {@code denoiser-defaults.conf}): pretraining of
 * the CNN denoiser on image patches ({@link DenoiserTraining}) on the engine's loop; the headline metric is the test
 * PSNR at 25/255. {@code evaluate --images DIR --noise SIGMA} denoises whole images (the test metrics use patches).
 */
public final class DenoiserFamily implements ProblemFamily {
  /**
   * {@link SeededRandom} stream of the noise of whole-image evaluation ({@code evaluate --images --noise}): the
   * stream plug-and-play deblurring's evaluation draws its noise from, so pair i gets the same noise in both.
   */
  public static final long NOISE_STREAM = 13;

  @Override
  public List<String> names() {
    return List.of("denoiser");
  }

  @Override
  public String section() {
    return "denoiser";
  }

  @Override
  public String defaultsResource() {
    return "denoiser-defaults.conf";
  }

  /** {@code denoiser.loss-weight-sigma} came later; 0 is the unweighted loss from before it. */
  @Override
  public Map<String, String> neutralAddedKeys() {
    return Map.of("denoiser.loss-weight-sigma", "0.0", "denoiser.downsample", "1");
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_psnr_db_25", Metric.Goal.MAXIMIZE, "Test PSNR at 25/255 (dB)", Metric.Plot.LINEAR));
  }

  /** The network the section describes. */
  public static ConvNetSpec network(FamilyConfig c) {
    int depth = c.positiveInt("depth");
    int kernel = c.positiveInt("kernel");
    c.require(kernel % 2 == 1, "kernel", "must be odd, got " + kernel);
    String pad = c.string("padding").toLowerCase(Locale.ROOT);
    c.require(pad.equals("zero") || pad.equals("circular"), "padding", "expected zero or circular, got '" + pad + "'");
    boolean noiseLevelInput = c.flag("noise-level-input");
    int downsample = c.positiveInt("downsample");
    c.require(downsample <= 4, "downsample", "expected 1 (none) to 4, got " + downsample);
    return new ConvNetSpec(depth, c.positiveInt("width"), kernel, dilations(c, "dilations", depth),
        pad.equals("zero") ? Padding.ZERO : Padding.CIRCULAR, noiseLevelInput, downsample);
  }

  /** The comma-separated dilations under {@code key}, one ≥ 1 per layer ("" = all 1); a bad list is named. */
  public static List<Integer> dilations(FamilyConfig c, String key, int depth) {
    List<Integer> dil = ints(c, key);
    if (dil.isEmpty()) {
      dil = java.util.Collections.nCopies(depth, 1);
    }
    c.require(dil.size() == depth && dil.stream().allMatch(d -> d >= 1), key,
        "needs " + depth + " values >= 1 (one per layer), got " + dil);
    return dil;
  }

  public static List<Integer> ints(FamilyConfig c, String key) {
    List<Integer> out = new ArrayList<>();
    for (String t : c.string(key).split(",")) {
      if (t.isBlank()) {
        continue;
      }
      try {
        out.add(Integer.parseInt(t.strip()));
      } catch (NumberFormatException e) {
        c.require(false, key, "expected comma-separated integers, got '" + c.string(key) + "'");
      }
    }
    return out;
  }

  public static DenoiserTraining.ImageBank bank(FamilyConfig c, String key) {
    List<FamilyConfig.Image> ims = c.images(key);
    if (ims.isEmpty()) {
      return null;
    }
    double[][] px = new double[ims.size()][];
    int[] h = new int[ims.size()];
    int[] w = new int[ims.size()];
    for (int j = 0; j < px.length; j++) {
      px[j] = ims.get(j).pixels();
      h[j] = ims.get(j).height();
      w[j] = ims.get(j).width();
    }
    return new DenoiserTraining.ImageBank(px, h, w);
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    ConvNetSpec spec = network(c);
    int patch = c.positiveInt("patch");
    long train = c.integer("train-examples");
    long test = c.integer("test-examples");
    double lo = c.number("sigma-min");
    double hi = c.number("sigma-max");
    c.require(train >= 1, "train-examples", "must be >= 1, got " + train);
    c.require(test >= 0, "test-examples", "must be >= 0, got " + test);
    c.require(lo >= 0 && lo <= hi, "sigma-min", "must be in [0, sigma-max], got " + lo);
    double weight = c.number("loss-weight-sigma");
    c.require(weight >= 0 && weight < 1e4, "loss-weight-sigma", "must be >= 0 (0 = unweighted), got " + weight);
    List<Integer> levels = ints(c, "test-levels");
    c.require(!levels.isEmpty() && levels.stream().allMatch(v -> v > 0), "test-levels",
        "needs at least one level > 0, got " + levels);
    c.require(!c.string("images").isEmpty(), "images", "needs training images (a directory, glob or URI)");
    DenoiserTraining.ImageBank trainBank = bank(c, "images");
    DenoiserTraining.ImageBank testBank = bank(c, "test-images");
    c.require(patch <= trainBank.minSide(), "patch", "must fit the smallest training image side "
        + trainBank.minSide() + ", got " + patch);
    c.require(testBank == null || patch <= testBank.minSide(), "patch", "must fit the smallest test image side");
    long testCount = testBank == null ? 0 : test;
    DenoiserTraining p = new DenoiserTraining(spec, trainBank, testBank, patch, train, testCount, lo / 255, hi / 255,
        weight / 255, c.integer("seed"), c.integer("test-seed"), levels.stream().mapToInt(Integer::intValue).toArray());
    String headline = "test_psnr_db_" + (levels.contains(25) ? 25 : levels.get(0));
    return new FamilyRun() {
      @Override
      public ShardedProblem problem() {
        return p;
      }

      @Override
      public ShardPlan trainPlan() {
        return engine.plan(train);
      }

      @Override
      public ShardPlan testPlan() {
        return testCount == 0 ? null : engine.plan(testCount);
      }

      @Override
      public double[] initialOmega() {
        return spec.initialParameters(c.integer("init-seed"));
      }

      @Override
      public String progressMetric() {
        return testCount > 0 ? headline : "train_psnr_db";
      }

      @Override
      public Map<String, Object> manifestFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network_parameters", spec.parameterCount());
        m.put("receptive_field", spec.receptiveField());
        m.put("loss_weight_sigma", weight);
        return m;
      }

      @Override
      public Map<String, Object> evaluate(double[] omega) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (testCount == 0) {
          return m;
        }
        int[] lv = p.evalDepths();
        double[][] sum = EngineSettings.evaluateHere(p, omega, engine.plan(testCount), true, lv);
        for (int j = 0; j < lv.length; j++) {
          m.put("test_psnr_db_" + lv[j], PixelErrors.of(sum[j]).psnr());
        }
        return m;
      }

      @Override
      public boolean restoresImages() {
        return true;
      }

      /** Whole-image denoising: y = x + σ·n with n from (noise seed, pair index), restored by D(y; σ). */
      @Override
      public ImageRestoration.Result restore(double[] omega, ImageRestoration.Request r) {
        if (r.kernel() != null) {
          throw new IllegalArgumentException("--kernels: not for " + problem + " runs (denoising has no blur)");
        }
        int h = r.clean().height();
        int w = r.clean().width();
        double[] y = r.clean().pixels().clone();
        r.addNoise(y, NOISE_STREAM);
        double[] out = new double[h * w];
        new ConvDenoiser(spec, h, w, 1).apply(omega, y, new double[] {r.noise()}, 1, out);
        return new ImageRestoration.Result(y, out);
      }

      @Override
      public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_psnr_db", last.applyAsDouble("train_psnr_db"));
        for (int level : levels) {
          m.put("test_psnr_db_" + level, last.applyAsDouble("test_psnr_db_" + level));
        }
        return m;
      }
    };
  }
}
