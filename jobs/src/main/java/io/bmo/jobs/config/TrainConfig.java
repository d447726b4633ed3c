package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.UnrolledSettings;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.optim.GradientTransform;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.optim.Transforms;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.Projection;
import io.bmo.jobs.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The typed, validated {@code train} configuration: the engine's own sections ({@code optimizer}, {@code train},
 * {@code algorithm}, {@code spark}, and {@code bmo}, {@code hypergradient} for families with an unrolled lower level)
 * and the configured {@link io.bmo.core.family.ProblemFamily} with its sections ({@link #family()}), which the family
 * validates when its run is built. {@link #from(Config)} checks types and ranges of the engine's keys and names the
 * offending key in its one-line error.
 *
 * @param name the run name
 * @param unrolled the {@code bmo} and {@code hypergradient} sections
 * @param optimizer the {@code optimizer} section
 * @param train the {@code train} section
 * @param executor {@code spark.executor}
 * @param rendered the whole config as HOCON, as stored in the run directory
 * @param algorithm the {@code algorithm} section
 * @param family the problem family and its sections
 * @serial exclude
 */
public record TrainConfig(String name, UnrolledSettings unrolled, Opt optimizer, Train train, String executor,
    String rendered, AlgorithmSection algorithm, FamilySection family) implements Serializable {

  /**
   * Optimizer section.
   *
   * @param type adam or sgd
   * @param lr learning rate
   * @param decay lr_k = lr·(k+1)^(−decay)
   * @param beta1 Adam β₁
   * @param beta2 Adam β₂
   * @param eps Adam ε
   * @param clipNorm clip the hypergradient to this norm first (0 = off)
   * @param stepMin smallest step s of the sparse-coding models, in units of 1/L
   * @param stepMax largest step s, in units of 1/L
   * @param lrScale learning-rate factor per parameter block of ω, by block name (empty = 1 everywhere)
   * @param cosineSteps the rate decays along a half cosine over this many steps (0 = no cosine decay)
   * @param cosineAlpha the rate's final factor after the cosine decay, in [0, 1]
   * @serial exclude
   */
  public record Opt(String type, double lr, double decay, double beta1, double beta2, double eps, double clipNorm,
      double stepMin, double stepMax, Map<String, Double> lrScale, long cosineSteps, double cosineAlpha)
      implements Serializable {
    /**
     * Keeps {@code lrScale} sorted by block name and unmodifiable.
     *
     * @param type adam or sgd
     * @param lr learning rate
     * @param decay lr_k = lr·(k+1)^(−decay)
     * @param beta1 Adam β₁
     * @param beta2 Adam β₂
     * @param eps Adam ε
     * @param clipNorm clip the hypergradient to this norm first (0 = off)
     * @param stepMin smallest step s of the sparse-coding models, in units of 1/L
     * @param stepMax largest step s, in units of 1/L
     * @param lrScale learning-rate factor per parameter block of ω, by block name (empty = 1 everywhere)
     * @param cosineSteps the rate decays along a half cosine over this many steps (0 = no cosine decay)
     * @param cosineAlpha the rate's final factor after the cosine decay, in [0, 1]
     */
    public Opt {
      lrScale = Collections.unmodifiableSortedMap(new TreeMap<>(lrScale));
    }

    /**
     * Without per-block factors or a cosine decay.
     *
     * @param type adam or sgd
     * @param lr learning rate
     * @param decay lr_k = lr·(k+1)^(−decay)
     * @param beta1 Adam β₁
     * @param beta2 Adam β₂
     * @param eps Adam ε
     * @param clipNorm clip the hypergradient to this norm first (0 = off)
     * @param stepMin smallest step s of the sparse-coding models, in units of 1/L
     * @param stepMax largest step s, in units of 1/L
     */
    public Opt(String type, double lr, double decay, double beta1, double beta2, double eps, double clipNorm,
        double stepMin, double stepMax) {
      this(type, lr, decay, beta1, beta2, eps, clipNorm, stepMin, stepMax, Map.of(), 0, 0.0);
    }

    /**
     * {@link #build(ParamConstraint, ParamLayout)} without per-block factors.
     *
     * @param projection applied after each step, or null
     * @return the optimizer
     * @throws IllegalStateException when {@code lr-scale} is set (it needs ω's layout)
     */
    public Optimizer build(ParamConstraint projection) {
      if (!lrScale.isEmpty()) {
        throw new IllegalStateException("optimizer.lr-scale needs omega's layout");
      }
      return build(projection, null);
    }

    /**
     * Clip by norm (when clip-norm > 0) → Adam or SGD → the cosine decay (when cosine-steps > 0) → the per-block
     * factors of {@code lr-scale} (when any), then {@code projection} (null = none).
     *
     * @param projection applied after each step, or null
     * @param layout ω's layout, naming the blocks of {@code lr-scale}
     * @return the optimizer
     * @throws UserError naming {@code optimizer.lr-scale.<block>} when ω has no such block
     */
    public Optimizer build(ParamConstraint projection, ParamLayout layout) {
      List<GradientTransform> chain = new ArrayList<>();
      if (clipNorm > 0) {
        chain.add(Transforms.clipByNorm(clipNorm));
      }
      chain.add(type.equals("adam") ? Transforms.adam(lr, beta1, beta2, eps, decay) : Transforms.sgd(lr, decay));
      if (cosineSteps > 0) {
        chain.add(Transforms.cosineDecay(cosineSteps, cosineAlpha));
      }
      if (!lrScale.isEmpty()) {
        chain.add(Transforms.scale(scaleFactors(layout)));
      }
      return new Optimizer(chain, projection);
    }

    /**
     * One factor per coordinate of ω: {@code lr-scale}'s factor on its blocks, 1 elsewhere.
     *
     * @param layout ω's layout
     * @return the factors
     * @throws UserError naming {@code optimizer.lr-scale.<block>} when ω has no such block
     */
    public double[] scaleFactors(ParamLayout layout) {
      double[] f = new double[layout.size()];
      Arrays.fill(f, 1.0);
      for (Map.Entry<String, Double> e : lrScale.entrySet()) {
        if (!layout.has(e.getKey())) {
          List<String> names = new ArrayList<>();
          layout.blocks().forEach(b -> names.add(b.name()));
          throw new UserError("optimizer.lr-scale." + e.getKey() + ": omega has no block '" + e.getKey()
              + "'; its blocks are " + String.join(", ", names));
        }
        ParamLayout.Block b = layout.block(e.getKey());
        Arrays.fill(f, b.offset(), b.offset() + b.size(), e.getValue());
      }
      return f;
    }
  }

  /**
   * Training-loop section.
   *
   * @param steps outer steps T
   * @param batchSize examples per step (0 = full batch)
   * @param seed minibatch seed
   * @param shards shards of the examples (the data layout)
   * @param blockSize examples per block
   * @param evalEvery test evaluation every this many steps (0 = never)
   * @param checkpointEvery checkpoint every this many steps (0 = never)
   * @param threads local executor threads (0 = all cores)
   * @param partitions Spark partitions per pass (0 = default)
   * @param stepsPerJob Spark: steps per job (0 = all up to the next checkpoint, 1 = one job per step)
   * @param initRun a finished run whose final ω blocks start this run ("" = the family's ω₀)
   * @serial exclude
   */
  public record Train(int steps, int batchSize, long seed, int shards, int blockSize, int evalEvery,
      int checkpointEvery, int threads, int partitions, int stepsPerJob, String initRun) implements Serializable {}

  /**
   * The value of key {@code problem}.
   *
   * @return the problem name
   */
  public String problemName() {
    return family.name();
  }

  /**
   * Parses and validates.
   *
   * @param c the merged, resolved config
   * @return the validated configuration
   */
  public static TrainConfig from(Config c) {
    String problemName = str(c, "problem");
    if (ProblemFamilies.find(problemName).isEmpty()) {
      throw new UserError("problem: expected one of " + String.join(", ", ProblemFamilies.names()) + ", got '"
          + problemName + "'");
    }
    String opt = str(c, "optimizer.type").toLowerCase(Locale.ROOT);
    require(opt.equals("adam") || opt.equals("sgd"), "optimizer.type", "expected adam or sgd, got '" + opt + "'");
    Opt o = new Opt(opt, num(c, "optimizer.lr"), num(c, "optimizer.decay"), num(c, "optimizer.beta1"),
        num(c, "optimizer.beta2"), num(c, "optimizer.eps"), num(c, "optimizer.clip-norm"),
        num(c, "optimizer.step-min"), num(c, "optimizer.step-max"), lrScale(c), lng(c, "optimizer.cosine-steps"),
        num(c, "optimizer.cosine-alpha"));
    require(o.lr() > 0, "optimizer.lr", "must be > 0, got " + o.lr());
    require(o.decay() >= 0, "optimizer.decay", "must be >= 0, got " + o.decay());
    require(o.cosineSteps() >= 0, "optimizer.cosine-steps", "must be >= 0, got " + o.cosineSteps());
    require(o.cosineAlpha() >= 0 && o.cosineAlpha() <= 1, "optimizer.cosine-alpha",
        "must be in [0, 1], got " + o.cosineAlpha());
    require(o.beta1() >= 0 && o.beta1() < 1, "optimizer.beta1", "must be in [0, 1), got " + o.beta1());
    require(o.beta2() >= 0 && o.beta2() < 1, "optimizer.beta2", "must be in [0, 1), got " + o.beta2());
    require(o.eps() > 0, "optimizer.eps", "must be > 0, got " + o.eps());
    require(o.clipNorm() >= 0, "optimizer.clip-norm", "must be >= 0, got " + o.clipNorm());
    require(o.stepMin() > 0 && o.stepMin() < o.stepMax(), "optimizer.step-min",
        "must be in (0, step-max), got " + o.stepMin());
    require(o.stepMax() < 2, "optimizer.step-max", "must be < 2 (s < 2/L), got " + o.stepMax());
    UnrolledSettings unrolled = unrolled(c, o);
    Train t = new Train(nonNegInt(c, "train.steps"), nonNegInt(c, "train.batch-size"), lng(c, "train.seed"),
        posInt(c, "train.shards"), posInt(c, "train.block-size"), nonNegInt(c, "train.eval-every"),
        posInt(c, "train.checkpoint-every"), nonNegInt(c, "train.threads"),
        nonNegInt(c, "train.partitions"), nonNegInt(c, "train.steps-per-job"), str(c, "train.init-run"));
    String executor = str(c, "spark.executor");
    require(executor.equals("spark") || executor.equals("local"), "spark.executor",
        "expected spark or local, got '" + executor + "'");
    String rendered = c.root().render(ConfigRenderOptions.concise().setFormatted(true));
    AlgorithmSection algorithm = AlgorithmSection.from(c, o);
    FamilySection family = FamilySection.from(c, problemName, t, unrolled);
    return new TrainConfig(str(c, "name"), unrolled, o, t, executor, rendered, algorithm, family);
  }

  /** The {@code bmo} and {@code hypergradient} sections and the step bounds. */
  private static UnrolledSettings unrolled(Config c, Opt o) {
    double mu = num(c, "bmo.mu");
    double beta = num(c, "bmo.beta");
    double alpha = num(c, "bmo.alpha");
    require(mu >= 0 && mu <= 1, "bmo.mu", "must be in [0, 1], got " + mu);
    require(beta >= 0 && beta <= 2, "bmo.beta", "must be in [0, 2], got " + beta);
    require(alpha > 0 && alpha <= 1, "bmo.alpha", "must be in (0, 1], got " + alpha);
    Projection projection = wrap("bmo", () -> Projection.parse(str(c, "bmo.projection"), num(c, "bmo.box-lo"),
        num(c, "bmo.box-hi")));
    HypergradientMethod method = wrap("hypergradient.method", () -> HypergradientMethod.parse(
        str(c, "hypergradient.method"), posInt(c, "hypergradient.truncate"), num(c, "hypergradient.tol"),
        posInt(c, "hypergradient.max-iterations"), str(c, "hypergradient.solver"), snapshots(c)));
    return new UnrolledSettings(mu, beta, alpha, projection, method, o.stepMin(), o.stepMax());
  }

  static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new UserError(key + ": " + message);
    }
  }

  /**
   * Runs {@code s}, turning an IllegalArgumentException into a UserError naming {@code key}.
   *
   * @param <T> the result type
   * @param key the key to name
   * @param s the computation
   * @return its result
   */
  public static <T> T wrapStatic(String key, Supplier<T> s) {
    return wrap(key, s);
  }

  static <T> T wrap(String key, Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      throw new UserError(key + ": " + e.getMessage(), e);
    }
  }

  static String str(Config c, String k) {
    return ConfigLoader.get(c, k, "a string", c::getString);
  }

  static double num(Config c, String k) {
    double v = ConfigLoader.get(c, k, "a number", c::getDouble);
    require(Double.isFinite(v), k, "must be finite, got " + v);
    return v;
  }

  /**
   * optimizer.lr-scale: an object of block name → factor (> 0, finite). Block names with dots are quoted keys
   * ({@code "conv0.w" = 0.1}); the names are checked against ω's layout when the optimizer is built.
   */
  private static Map<String, Double> lrScale(Config c) {
    String k = "optimizer.lr-scale";
    ConfigObject o = ConfigLoader.get(c, k, "an object of block name = factor", c::getObject);
    Map<String, Double> out = new TreeMap<>();
    for (String name : o.keySet()) {
      ConfigValue v = o.get(name);
      String key = k + "." + name;
      require(v.valueType() == ConfigValueType.NUMBER, key, "must be a number (quote block "
          + "names that contain dots), got " + v.render(ConfigRenderOptions.concise()));
      double f = ((Number) v.unwrapped()).doubleValue();
      require(f >= 0 && Double.isFinite(f), key, "must be >= 0 (0 freezes the block) and finite, got " + f);
      out.put(name, f);
    }
    return out;
  }

  static long lng(Config c, String k) {
    return ConfigLoader.get(c, k, "an integer", c::getLong);
  }

  /** hypergradient.snapshots: −1 (full tape) or ≥ 0, only with method reverse (checked by the parser). */
  private static int snapshots(Config c) {
    String k = "hypergradient.snapshots";
    int v = ConfigLoader.get(c, k, "an integer", c::getInt);
    require(v >= -1, k, "must be -1 (full tape) or >= 0, got " + v);
    return v;
  }

  static int posInt(Config c, String k) {
    int v = ConfigLoader.get(c, k, "an integer", c::getInt);
    require(v >= 1, k, "must be >= 1, got " + v);
    return v;
  }

  static int nonNegInt(Config c, String k) {
    int v = ConfigLoader.get(c, k, "an integer", c::getInt);
    require(v >= 0, k, "must be >= 0, got " + v);
    return v;
  }
}
