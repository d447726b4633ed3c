package io.bmo.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.optim.GradientTransform;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.optim.Transforms;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SupportSelection;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.jobs.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The typed, validated {@code train} configuration. Every field comes from a key of {@code bmo-defaults.conf};
 * {@link #from(Config)} checks types and ranges and names the offending key in its one-line error.
 *
 * <p>Per-problem parts are present only for their problem and null otherwise: {@code data}, {@code model},
 * {@code inner} and {@code method} for {@code sparse-coding}; a registered family's sections in
 * {@code family}. Keys of the other problems keep their defaults and are not validated.
 * {@code algorithm} is the {@link AlgorithmSection} (Algorithm 1 by default).
 */
public record TrainConfig(String name, Problem problem, Data data, Model model, BmoConfig inner,
    HypergradientMethod method, Opt optimizer, Train train, String executor, String rendered,
    AlgorithmSection algorithm, FamilySection family) implements Serializable {

  /**
   * Problem family, the value of key {@code problem}: a built-in family, or {@link #PLUGIN} for a family registered as
   * a {@link io.bmo.core.family.ProblemFamily} service (then {@link #family()} holds it and its name).
   */
  public enum Problem {
    SPARSE_CODING("sparse-coding"), PLUGIN("plugin");

    private final String id;

    Problem(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The built-in family named {@code s}, {@link #PLUGIN} when a registered service answers to it. */
    static Problem parse(String s) {
      for (Problem p : values()) {
        if (p != PLUGIN && p.id.equals(s)) {
          return p;
        }
      }
      if (ProblemFamilies.find(s).isPresent()) {
        return PLUGIN;
      }
      List<String> known = new ArrayList<>(List.of("sparse-coding"));
      known.addAll(ProblemFamilies.names());
      throw new UserError("problem: expected one of " + String.join(", ", known) + ", got '" + s + "'");
    }
  }

  /** Data section. {@code source} is "synthetic" or "files". */
  public record Data(String source, int m, int n, double p, double snrDb, long seed, long testSeed,
      long trainExamples, long testExamples, String dictionary, String trainSignals, String trainCodes,
      String testSignals, String testCodes) implements Serializable {
    public boolean synthetic() {
      return "synthetic".equals(source);
    }

    public boolean hasTestFiles() {
      return !testSignals.isEmpty();
    }
  }

  /** Model section; lambda0 and step0 are in units of 1/L. */
  public record Model(SparseModel type, int layers, double lambda0, double step0, SupportSelection support)
      implements Serializable {}

  /** Optimizer section. */
  public record Opt(String type, double lr, double decay, double beta1, double beta2, double eps, double clipNorm,
      double stepMin, double stepMax) implements Serializable {
    /** Clip by norm (when clip-norm > 0) → Adam or SGD, then {@code projection} (null = none). */
    public Optimizer build(ParamConstraint projection) {
      List<GradientTransform> chain = new ArrayList<>();
      if (clipNorm > 0) {
        chain.add(Transforms.clipByNorm(clipNorm));
      }
      chain.add(type.equals("adam") ? Transforms.adam(lr, beta1, beta2, eps, decay) : Transforms.sgd(lr, decay));
      return new Optimizer(chain, projection);
    }
  }

  /** Training-loop section. */
  public record Train(int steps, int batchSize, long seed, int shards, int blockSize, int evalEvery,
      int checkpointEvery, int threads, int partitions) implements Serializable {}

  /** The value of key {@code problem} (a built-in id or a registered family's name). */
  public String problemName() {
    return family != null ? family.name() : problem.id();
  }

  /** Parses and validates. */
  public static TrainConfig from(Config c) {
    String problemName = str(c, "problem");
    Problem problem = Problem.parse(problemName);
    Data data = null;
    Model model = null;
    BmoConfig inner = null;
    HypergradientMethod method = null;
    if (problem == Problem.SPARSE_CODING) {
      SparseParts sp = sparseCoding(c);
      data = sp.data();
      model = sp.model();
      inner = sp.inner();
      method = sp.method();
    }
    String opt = str(c, "optimizer.type").toLowerCase(Locale.ROOT);
    require(opt.equals("adam") || opt.equals("sgd"), "optimizer.type", "expected adam or sgd, got '" + opt + "'");
    Opt o = new Opt(opt, num(c, "optimizer.lr"), num(c, "optimizer.decay"), num(c, "optimizer.beta1"),
        num(c, "optimizer.beta2"), num(c, "optimizer.eps"), num(c, "optimizer.clip-norm"),
        num(c, "optimizer.step-min"), num(c, "optimizer.step-max"));
    require(o.lr() > 0, "optimizer.lr", "must be > 0, got " + o.lr());
    require(o.decay() >= 0, "optimizer.decay", "must be >= 0, got " + o.decay());
    require(o.beta1() >= 0 && o.beta1() < 1, "optimizer.beta1", "must be in [0, 1), got " + o.beta1());
    require(o.beta2() >= 0 && o.beta2() < 1, "optimizer.beta2", "must be in [0, 1), got " + o.beta2());
    require(o.eps() > 0, "optimizer.eps", "must be > 0, got " + o.eps());
    require(o.clipNorm() >= 0, "optimizer.clip-norm", "must be >= 0, got " + o.clipNorm());
    require(o.stepMin() > 0 && o.stepMin() < o.stepMax(), "optimizer.step-min",
        "must be in (0, step-max), got " + o.stepMin());
    require(o.stepMax() < 2, "optimizer.step-max", "must be < 2 (s < 2/L), got " + o.stepMax());
    Train t = new Train(nonNegInt(c, "train.steps"), nonNegInt(c, "train.batch-size"), lng(c, "train.seed"),
        posInt(c, "train.shards"), posInt(c, "train.block-size"), nonNegInt(c, "train.eval-every"),
        posInt(c, "train.checkpoint-every"), nonNegInt(c, "train.threads"),
        nonNegInt(c, "train.partitions"));
    String executor = str(c, "spark.executor");
    require(executor.equals("spark") || executor.equals("local"), "spark.executor",
        "expected spark or local, got '" + executor + "'");
    String rendered = c.root().render(ConfigRenderOptions.concise().setFormatted(true));
    AlgorithmSection algorithm = AlgorithmSection.from(c, problem, o);
    FamilySection family = problem == Problem.PLUGIN ? FamilySection.from(c, problemName, t) : null;
    if (algorithm.kind() == AlgorithmSection.Kind.JOINT) {
      require(!model.type().layerwise(), "model.type", "joint mode needs a tied model (ista or lista-tied), got "
          + model.type().id());
      require(!model.support().enabled(), "model.support.increment",
          "joint mode has no support selection (set model.support.increment = 0)");
    }
    return new TrainConfig(str(c, "name"), problem, data, model, inner, method, o, t, executor, rendered,
        algorithm, family);
  }

  private record SparseParts(Data data, Model model, BmoConfig inner, HypergradientMethod method) {}

  /** The sparse-coding sections (data, model, bmo, hypergradient). */
  private static SparseParts sparseCoding(Config c) {
    String source = str(c, "data.source");
    require(source.equals("synthetic") || source.equals("files"), "data.source",
        "expected synthetic or files, got '" + source + "'");
    Data data = new Data(source, posInt(c, "data.m"), posInt(c, "data.n"), num(c, "data.p"), snr(c),
        lng(c, "data.seed"), lng(c, "data.test-seed"), lng(c, "data.train-examples"), lng(c, "data.test-examples"),
        str(c, "data.dictionary"), str(c, "data.train-signals"), str(c, "data.train-codes"),
        str(c, "data.test-signals"), str(c, "data.test-codes"));
    require(data.p() > 0 && data.p() <= 1, "data.p", "must be in (0, 1], got " + data.p());
    if (data.synthetic()) {
      require(data.trainExamples() >= 1, "data.train-examples", "must be >= 1, got " + data.trainExamples());
      require(data.testExamples() >= 0, "data.test-examples", "must be >= 0, got " + data.testExamples());
    } else {
      require(!data.dictionary().isEmpty(), "data.dictionary", "required when data.source = files");
      require(!data.trainSignals().isEmpty(), "data.train-signals", "required when data.source = files");
      require(!data.trainCodes().isEmpty(), "data.train-codes", "required when data.source = files");
      require(data.testSignals().isEmpty() == data.testCodes().isEmpty(), "data.test-codes",
          "test-signals and test-codes must be given together");
    }
    SparseModel type = wrap("model.type", () -> SparseModel.parse(str(c, "model.type")));
    double inc = num(c, "model.support.increment");
    require(inc >= 0, "model.support.increment", "must be a percentage >= 0, got " + inc);
    double max = num(c, "model.support.max");
    require(max >= 0 && max <= 100, "model.support.max", "must be a percentage in [0, 100], got " + max);
    Model model = new Model(type, posInt(c, "model.layers"), num(c, "model.lambda0"), num(c, "model.step0"),
        new SupportSelection(inc, max));
    require(model.lambda0() >= 0, "model.lambda0", "must be >= 0, got " + model.lambda0());
    require(model.step0() > 0 && model.step0() < 2, "model.step0", "must be in (0, 2), got " + model.step0());
    double mu = num(c, "bmo.mu");
    double beta = num(c, "bmo.beta");
    double alpha = num(c, "bmo.alpha");
    require(mu >= 0 && mu <= 1, "bmo.mu", "must be in [0, 1], got " + mu);
    require(beta >= 0 && beta <= 2, "bmo.beta", "must be in [0, 2], got " + beta);
    require(alpha > 0 && alpha <= 1, "bmo.alpha", "must be in (0, 1], got " + alpha);
    BmoConfig inner = wrap("bmo", () -> new BmoConfig(model.layers(), num(c, "bmo.mu"), num(c, "bmo.beta"),
        num(c, "bmo.alpha"), Projection.parse(str(c, "bmo.projection"), num(c, "bmo.box-lo"), num(c, "bmo.box-hi"))));
    HypergradientMethod method = wrap("hypergradient.method", () -> HypergradientMethod.parse(
        str(c, "hypergradient.method"), posInt(c, "hypergradient.truncate"), num(c, "hypergradient.tol"),
        posInt(c, "hypergradient.max-iterations"), str(c, "hypergradient.solver"), snapshots(c)));
    wrap("hypergradient.method", () -> {
      method.validate(inner, type.layerwise() || model.support().enabled());
      return null;
    });
    return new SparseParts(data, model, inner, method);
  }

  private static double snr(Config c) {
    String s = str(c, "data.snr-db").trim().toLowerCase(Locale.ROOT);
    if (s.equals("inf") || s.equals("+inf") || s.equals("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double v = Double.parseDouble(s);
      require(Double.isFinite(v), "data.snr-db", "must be a number or inf, got '" + s + "'");
      return v;
    } catch (NumberFormatException e) {
      throw new UserError("data.snr-db: expected a number or inf, got '" + s + "'");
    }
  }

  static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new UserError(key + ": " + message);
    }
  }

  /** Runs {@code s}, turning an IllegalArgumentException into a UserError naming {@code key}. */
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
