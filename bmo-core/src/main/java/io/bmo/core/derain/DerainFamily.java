package io.bmo.core.derain;

import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.DenoiserFamily;
import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.random.SeededRandom;
import java.util.List;
import java.util.Map;

/**
 * {@code problem = "derain"} (section {@code derain}, keys in {@code derain-defaults.conf}): rain-streak removal,
 * either K learned stages over (B, R) trained by Algorithm 1 ({@link DerainTraining}) or the grid-tuned classical
 * scheme ({@link ClassicalTraining}); the headline metric is the test PSNR of B on seeded synthetic rain. Both
 * restore observed rainy images for {@code evaluate --pairs} ({@link DerainRuns}).
 */
public final class DerainFamily implements ProblemFamily {
  /** {@link SeededRandom} stream of the initial streak filters (seed {@code init-seed}). */
  static final long FILTER_STREAM = 33;
  /** Extra angle range of heavy rain over light rain, degrees. */
  static final double HEAVY_EXTRA_ANGLE = 15;

  @Override
  public List<String> names() {
    return List.of("derain");
  }

  @Override
  public String section() {
    return "derain";
  }

  @Override
  public String defaultsResource() {
    return "derain-defaults.conf";
  }

  /** The floor f of {@code loss = "log-mse"}, ½ log(MSE + f): the MSE of one 8-bit level, (1/255)² (48.1 dB). */
  static final double LOG_LOSS_FLOOR = 1.0 / (255.0 * 255.0);

  /**
   * {@code derain.split}, {@code derain.stage-networks}, {@code derain.output}, the gate network's keys and
   * {@code derain.loss}, {@code derain.self-ensemble} and {@code derain.flips} came later; {@code "even"},
   * {@code "false"}, {@code "background"}, {@code "mse"}, 1 and {@code "false"} are the data step, the shared
   * network, the output, the loss, the single pass and the unflipped stages from before them, and the gate keys'
   * defaults change nothing unless the output is gated.
   */
  @Override
  public Map<String, String> neutralAddedKeys() {
    return Map.ofEntries(Map.entry("derain.split", "\"even\""), Map.entry("derain.stage-networks", "\"false\""),
        Map.entry("derain.output", "\"background\""), Map.entry("derain.gate-depth", "5"),
        Map.entry("derain.gate-width", "24"), Map.entry("derain.gate-dilations", "\"1,2,4,2,1\""),
        Map.entry("derain.gate-start-logit", "-4.0"), Map.entry("derain.downsample", "1"),
        Map.entry("derain.loss", "\"mse\""), Map.entry("derain.self-ensemble", "1"),
        Map.entry("derain.flips", "\"false\""));
  }

  /** The self-ensemble only changes how observed images are restored. */
  @Override
  public java.util.Set<String> evaluationKeys() {
    return java.util.Set.of("derain.self-ensemble");
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_psnr_db", Metric.Goal.MAXIMIZE, "Test PSNR (dB)", Metric.Plot.LINEAR));
  }

  private static double positive(FamilyConfig c, String key) {
    double v = c.number(key);
    c.require(v > 0 && v < 1e6, key, "must be > 0, got " + v);
    return v;
  }

  /** A [min, max] range of keys {@code name-min} / {@code name-max}, both in (lo, hi]. */
  private static RainSpec.Range range(FamilyConfig c, String name, double lo, double hi) {
    double min = c.number(name + "-min");
    double max = c.number(name + "-max");
    c.require(min > lo && min <= hi, name + "-min", "must be in (" + lo + ", " + hi + "], got " + min);
    c.require(max >= min && max <= hi, name + "-max", "must be in [" + name + "-min, " + hi + "], got " + max);
    return new RainSpec.Range(min, max);
  }

  /** The light and heavy rain specs of the section. */
  static RainSpec[] rain(FamilyConfig c) {
    double density = c.number("rain-density");
    c.require(density > 0 && density <= 0.5, "rain-density", "must be in (0, 0.5], got " + density);
    double angle = c.number("rain-angle");
    c.require(angle >= 0 && angle <= 90 - HEAVY_EXTRA_ANGLE, "rain-angle", "must be in [0, "
        + (90 - HEAVY_EXTRA_ANGLE) + "], got " + angle);
    RainSpec.Range length = range(c, "rain-length", 0.999, 1000);
    RainSpec.Range width = range(c, "rain-width", 0, 100);
    RainSpec.Range intensity = range(c, "rain-intensity", 0, 1);
    RainSpec light = new RainSpec(1, density, new RainSpec.Range(-angle, angle), 2, length, width, intensity);
    double wide = angle + HEAVY_EXTRA_ANGLE;
    RainSpec heavy = new RainSpec(3, density / 2, new RainSpec.Range(-wide, wide), 4, length, width, intensity);
    return new RainSpec[] {light, heavy};
  }

  /**
   * A fresh network whose last layer (weights and bias) is zero, so D(x) = x and every stage starts as the data
   * step alone (B₀ = O is then a fixed point: the rainy input's PSNR); the other layers are the spec's seeded
   * initialisation, and the last layer's gradient is nonzero, so training moves away from the identity.
   */
  static double[] identityStart(ConvNetSpec spec, long seed) {
    double[] w = spec.initialParameters(seed);
    int last = spec.depth() - 1;
    java.util.Arrays.fill(w, spec.weightOffset(last), spec.biasOffset(last) + spec.outChannels(last), 0.0);
    return w;
  }

  /**
   * The gate network: {@code gate-depth} layers of {@code gate-width} channels with {@code gate-dilations}, the
   * section's kernel and padding, and the observed image as its second input channel.
   */
  static ConvNetSpec gateNetwork(FamilyConfig c, ConvNetSpec background) {
    int depth = c.positiveInt("gate-depth");
    return new ConvNetSpec(depth, c.positiveInt("gate-width"), background.kernel(),
        DenoiserFamily.dilations(c, "gate-dilations", depth), background.padding(), true);
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    String model = c.string("model");
    c.require(model.equals("learned") || model.equals("classical"), "model", "expected learned or classical, got '"
        + model + "'");
    int crop = c.positiveInt("crop");
    long trainCount = c.integer("train-examples");
    long testCount = c.integer("test-examples");
    c.require(trainCount >= 1, "train-examples", "must be >= 1, got " + trainCount);
    c.require(testCount >= 0, "test-examples", "must be >= 0, got " + testCount);
    RainSpec[] specs = rain(c);
    double heavyFraction = c.number("heavy-fraction");
    c.require(heavyFraction >= 0 && heavyFraction <= 1, "heavy-fraction", "must be in [0, 1], got " + heavyFraction);
    double additiveFraction = c.number("additive-fraction");
    c.require(additiveFraction >= 0 && additiveFraction <= 1, "additive-fraction", "must be in [0, 1], got "
        + additiveFraction);
    c.require(!c.string("images").isEmpty(), "images", "needs training images (a directory, glob or URI)");
    long seed = c.integer("seed");
    long testSeed = c.integer("test-seed");
    ImageBank trainBank = DenoiserFamily.bank(c, "images");
    ImageBank testBank = DenoiserFamily.bank(c, "test-images");
    c.require(crop <= trainBank.minSide(), "crop", "must fit the smallest training image side "
        + trainBank.minSide() + ", got " + crop);
    c.require(testBank == null || crop <= testBank.minSide(), "crop", "must fit the smallest test image side "
        + (testBank == null ? 0 : testBank.minSide()) + ", got " + crop);
    c.require(testBank == null || testSeed != seed, "test-seed", "must differ from seed (" + seed + ")");
    RainExamples train = new RainExamples(trainBank, trainCount, seed, specs[0], specs[1], heavyFraction,
        additiveFraction);
    long tests = testBank == null ? 0 : testCount;
    RainExamples test = tests == 0 ? null : new RainExamples(testBank, tests, testSeed, specs[0], specs[1],
        heavyFraction, additiveFraction);
    int classicalStages = c.positiveInt("classical-stages");
    double eps = positive(c, "tv-eps");
    int grid = c.positiveInt("grid-examples");
    c.require(grid <= trainCount, "grid-examples", "must be at most train-examples (" + trainCount + "), got "
        + grid);
    if (model.equals("classical")) {
      return DerainRuns.classical(new ClassicalTraining(classicalStages, eps, crop, train, test), grid, engine);
    }
    ConvNetSpec spec = DenoiserFamily.network(c);
    int stages = c.positiveInt("stages");
    double mu = c.number("mu");
    c.require(mu >= 0 && mu <= 1, "mu", "must be in [0, 1], got " + mu);
    double upper = c.number("upper-step");
    c.require(upper >= 0 && upper <= 2, "upper-step", "must be in [0, 2], got " + upper);
    double alpha = c.number("alpha");
    c.require(alpha > 0 && alpha <= 1, "alpha", "must be in (0, 1], got " + alpha);
    boolean project = c.flag("project");
    boolean learn = c.flag("learn-network");
    double tau = positive(c, "tau");
    double sigma = positive(c, "sigma");
    double eta = positive(c, "eta");
    double lambda = positive(c, "lambda");
    int filters = c.positiveInt("filters");
    int side = c.positiveInt("filter-size");
    c.require(side % 2 == 1 && side <= crop, "filter-size", "must be odd and at most crop, got " + side);
    String split = c.string("split");
    c.require(split.equals("even") || split.equals("learned"), "split", "expected even or learned, got '" + split
        + "'");
    boolean stageNetworks = c.flag("stage-networks");
    String out = c.string("output");
    DerainStages.Output output = DerainStages.Output.of(out);
    c.require(output != null, "output", "expected background, complement, blend or gated, got '" + out + "'");
    ConvNetSpec gateSpec = output == DerainStages.Output.GATED ? gateNetwork(c, spec) : null;
    long initSeed = c.integer("init-seed");
    double[] network = c.string("denoiser-run").isEmpty() ? identityStart(spec, initSeed)
        : c.trainedOmega("denoiser-run", spec.layout());
    String loss = c.string("loss");
    c.require(loss.equals("mse") || loss.equals("log-mse"), "loss", "expected mse or log-mse, got '" + loss + "'");
    int ensemble = c.positiveInt("self-ensemble");
    c.require(ensemble == 1 || ensemble == 2 || ensemble == 4, "self-ensemble", "expected 1, 2 or 4, got "
        + ensemble);
    DerainTraining p = new DerainTraining(spec, stages, filters, side, new PnpDeblur.Aggregation(mu, upper, alpha,
        project), learn, split.equals("learned"), stageNetworks, output, gateSpec, crop, train, test,
        loss.equals("mse") ? 0.0 : LOG_LOSS_FLOOR, c.flag("flips"));
    double[] w0 = new double[p.layout().size()];
    for (int k = 0; k < stages; k++) {
      w0[k] = Math.log(tau);
      w0[stages + k] = Math.log(sigma / 255);
      w0[2 * stages + k] = Math.log(eta);
      w0[3 * stages + k] = Math.log(lambda);
    }
    // a learned split starts at b_k = 0 (β_k = ½, the even step), the blend at c = 0 (γ = ½), the gate at
    // gate-start-logit; they sit between log λ and the filters
    if (gateSpec != null) {
      double start = c.number("gate-start-logit");
      c.require(Double.isFinite(start), "gate-start-logit", "must be finite, got " + start);
      w0[p.layout().offset("output_logit")] = start;
      double[] phi = identityStart(gateSpec, ~initSeed); // its own stream: the complement of the init seed
      System.arraycopy(phi, 0, w0, p.layout().offset("gate.layer0.weight"), phi.length);
    }
    int filterOffset = p.layout().offset("filters");
    SeededRandom r = new SeededRandom(initSeed, FILTER_STREAM, 0);
    int taps = filters * side * side;
    for (int i = 0; i < taps; i++) {
      w0[filterOffset + i] = r.nextGaussian() / side;
    }
    // every stage network starts from the same weights (the shared start, so stage k is where the shared model is)
    for (int k = 0; k < (stageNetworks ? stages : 1); k++) {
      System.arraycopy(network, 0, w0, filterOffset + taps + k * network.length, network.length);
    }
    return DerainRuns.learned(p, stages, w0, spec, learn, c.string("denoiser-run"), ensemble, engine);
  }
}
