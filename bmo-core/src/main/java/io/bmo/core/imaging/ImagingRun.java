package io.bmo.core.imaging;

import io.bmo.core.algorithms.ErrorBound;
import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageEvaluation;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.regularizer.FieldOfExperts;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.train.ShardPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One {@code denoise | deblur} run of {@link ImagingFamily}: ω₀ = the regularizer's initial θ, its projection after
 * each step (zero-mean FoE filters), and the evaluation of whole images.
 *
 * <p>{@code evaluate --images}: image i (in name order) is degraded exactly as training degrades test examples
 * ({@code y = K x* + σ n}, noise from (noise seed of {@code data.test-seed}, i)), reconstructed by the learned lower
 * level {@code x̂ = argmin_x E(x; θ)} (FISTA from y), and compared with x*. Whole images have many more pixels than
 * training crops, and ‖∇ₓE‖₂ grows like √pixels at the same per-pixel accuracy, so the stopping tolerance is
 * {@code imaging.lower.eval-tol · √(pixels / crop-size²)}.
 */
final class ImagingRun implements FamilyRun {
  private final String problemName;
  private final ImagingSettings settings;
  private final ForwardModel forward;
  private final ImagingShards shards;
  private final EngineSettings engine;

  ImagingRun(String problemName, ImagingSettings settings, ForwardModel forward, ImagingShards shards,
      EngineSettings engine) {
    this.problemName = problemName;
    this.settings = settings;
    this.forward = forward;
    this.shards = shards;
    this.engine = engine;
  }

  @Override
  public ImagingShards problem() {
    return shards;
  }

  @Override
  public ShardPlan trainPlan() {
    return engine.plan(shards.trainSize());
  }

  @Override
  public ShardPlan testPlan() {
    return shards.testSize() == 0 ? null : engine.plan(shards.testSize());
  }

  @Override
  public double[] initialOmega() {
    return settings.regularizer().initialTheta();
  }

  @Override
  public ParamConstraint projection() {
    return settings.regularizer()::project;
  }

  @Override
  public String progressMetric() {
    return shards.testSize() > 0 ? "test_psnr" : "train_psnr";
  }

  @Override
  public Map<String, Object> seeds() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", settings.seed());
    m.put("test", settings.testSeed());
    return m;
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
  public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> lastMetric) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("regularizer", settings.regularizer() instanceof FieldOfExperts.Model foe
        ? (foe.potential() == FieldOfExperts.Potential.CONVEX ? "foe" : "foe-student") : "tv");
    for (String k : List.of("train_psnr", "test_psnr", "test_input_psnr", "cost_cumulative")) {
      m.put(k, lastMetric.applyAsDouble(k));
    }
    return m;
  }

  @Override
  public Map<String, Double> algorithmMetrics(double[] omega, double[][] e) {
    Map<String, Double> m = new LinkedHashMap<>();
    ImagingEvaluation test = e == null ? null : ImagingEvaluation.of(e[0]);
    m.put("test_psnr", test == null ? Double.NaN : test.psnr());
    m.put("test_input_psnr", test == null ? Double.NaN : test.inputPsnr());
    return m;
  }

  @Override
  public boolean algorithmMetricsUseTest() {
    return true;
  }

  /** The whole training set in memory, with the configured or default (1/pixels) loss Lipschitz constant. */
  @Override
  public InexactProblem inexact(MaidBound b) {
    ImageShape shape = shards.train().shape();
    int n = Math.toIntExact(shards.trainSize());
    double[] clean = new double[n * shape.pixels()];
    double[] degraded = new double[clean.length];
    shards.train().fill(0, n, clean, degraded);
    ErrorBound bound = b == null ? null : FamilyConfigException.wrap("algorithm.maid.bound",
        () -> new ErrorBound(b.mu(), b.lossLipschitz() > 0 ? b.lossLipschitz() : 1.0 / shape.pixels(),
            b.hessianLipschitz(), b.mixedLipschitz(), b.mixedNorm()));
    return new ImagingInexact(settings.core(forward), shape, clean, degraded, n, null, bound);
  }

  @Override
  public boolean evaluatesImages() {
    return true;
  }

  @Override
  public ImageEvaluation evaluateImages(double[] theta, List<FamilyConfig.Image> images) {
    Degradation deg = new Degradation(forward, settings.noiseSigma(),
        SyntheticImageSource.noiseSeed(settings.testSeed()));
    ImagingConfig core = settings.core(forward);
    List<ImageEvaluation.Row> rows = new ArrayList<>();
    double in = 0;
    double out = 0;
    for (int i = 0; i < images.size(); i++) {
      FamilyConfig.Image img = images.get(i);
      GrayImage clean = new GrayImage(img.height(), img.width(), img.pixels());
      ImageShape shape = clean.shape();
      GrayImage y = deg.apply(clean, i);
      ImagingProblem p = new ImagingProblem(core, shape, 1);
      double[] x = y.pixels().clone();
      double tol = settings.evalTolerance()
          * Math.sqrt(shape.pixels() / (double) (settings.cropSize() * settings.cropSize()));
      AcceleratedGradient.Result r = p.solveLower(theta, y.pixels(), 1, tol, x);
      GrayImage rec = new GrayImage(shape.height(), shape.width(), x);
      double inputPsnr = psnr(clean, y);
      double psnr = psnr(clean, rec);
      in += inputPsnr;
      out += psnr;
      String line = String.format(Locale.ROOT, "%-24s %4dx%-4d input %6.2f dB  reconstructed %6.2f dB  (%d "
          + "iterations)", img.name(), shape.height(), shape.width(), inputPsnr, psnr, r.exampleIterations());
      rows.add(new ImageEvaluation.Row(img.name(), List.of(shape.height(), shape.width(), inputPsnr, psnr,
          r.exampleIterations()), line, List.of(clean, y, rec)));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("images", rows.size());
    summary.put("mean_psnr", out / rows.size());
    summary.put("mean_input_psnr", in / rows.size());
    return new ImageEvaluation(List.of("height", "width", "input_psnr", "psnr", "lower_iterations"), rows,
        summary);
  }

  private static double psnr(GrayImage ref, GrayImage img) {
    double sq = 0;
    double[] a = ref.pixels();
    double[] b = img.pixels();
    for (int p = 0; p < a.length; p++) {
      double d = a[p] - b[p];
      sq += d * d;
    }
    return ImagingShards.psnr(sq, a.length);
  }

  @Override
  public String toString() {
    return problemName;
  }
}
