package io.bmo.core.sparsecoding;

import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.UnrolledSettings;
import io.bmo.core.solver.BmoConfig;
import java.io.Serializable;
import java.util.Locale;

/**
 * The keys of a {@code sparse-coding} config, validated (every error names its full key): the {@code data} and
 * {@code model} sections, and the engine's unrolled-solver keys combined with the model's depth K.
 *
 * @param source {@code data.source}: "synthetic" or "files"
 * @param snrDb {@code data.snr-db} (+∞ for "inf")
 * @param inner K layers and the engine's μ, β, α, projection
 * @param unrolled the engine's keys (hypergradient method, step bounds)
 */
public record SparseCodingSettings(String source, int m, int n, double p, double snrDb, long seed, long testSeed,
    long trainExamples, long testExamples, String dictionary, String trainSignals, String trainCodes,
    String testSignals, String testCodes, SparseModel model, int layers, double lambda0, double step0,
    SupportSelection support, BmoConfig inner, UnrolledSettings unrolled) implements Serializable {

  public boolean synthetic() {
    return "synthetic".equals(source);
  }

  public boolean hasTestFiles() {
    return !testSignals.isEmpty();
  }

  /** Parses and validates; {@code c} is rooted at the top of the config (full keys). */
  static SparseCodingSettings from(FamilyConfig c, UnrolledSettings u) {
    if (u == null) {
      throw new IllegalStateException("the engine gave no unrolled-solver settings");
    }
    String source = c.string("data.source");
    c.require(source.equals("synthetic") || source.equals("files"), "data.source",
        "expected synthetic or files, got '" + source + "'");
    int m = c.positiveInt("data.m");
    int n = c.positiveInt("data.n");
    double p = c.number("data.p");
    double snr = snr(c);
    long seed = c.integer("data.seed");
    long testSeed = c.integer("data.test-seed");
    long trainN = c.integer("data.train-examples");
    long testN = c.integer("data.test-examples");
    String[] files = new String[5];
    String[] keys = {"dictionary", "train-signals", "train-codes", "test-signals", "test-codes"};
    for (int i = 0; i < keys.length; i++) {
      files[i] = c.string("data." + keys[i]);
    }
    c.require(p > 0 && p <= 1, "data.p", "must be in (0, 1], got " + p);
    if (source.equals("synthetic")) {
      c.require(trainN >= 1, "data.train-examples", "must be >= 1, got " + trainN);
      c.require(testN >= 0, "data.test-examples", "must be >= 0, got " + testN);
    } else {
      for (int i = 0; i < 3; i++) {
        c.require(!files[i].isEmpty(), "data." + keys[i], "required when data.source = files");
      }
      c.require(files[3].isEmpty() == files[4].isEmpty(), "data.test-codes",
          "test-signals and test-codes must be given together");
    }
    SparseModel type = FamilyConfigException.wrap("model.type", () -> SparseModel.parse(c.string("model.type")));
    double inc = c.number("model.support.increment");
    c.require(inc >= 0, "model.support.increment", "must be a percentage >= 0, got " + inc);
    double max = c.number("model.support.max");
    c.require(max >= 0 && max <= 100, "model.support.max", "must be a percentage in [0, 100], got " + max);
    int layers = c.positiveInt("model.layers");
    double lambda0 = c.number("model.lambda0");
    double step0 = c.number("model.step0");
    SupportSelection support = new SupportSelection(inc, max);
    c.require(lambda0 >= 0, "model.lambda0", "must be >= 0, got " + lambda0);
    c.require(step0 > 0 && step0 < 2, "model.step0", "must be in (0, 2), got " + step0);
    BmoConfig inner = FamilyConfigException.wrap("bmo", () -> new BmoConfig(layers, u.mu(), u.beta(), u.alpha(), u.projection()));
    FamilyConfigException.wrap("hypergradient.method", () -> {
      u.method().validate(inner, type.layerwise() || support.enabled());
      return null;
    });
    return new SparseCodingSettings(source, m, n, p, snr, seed, testSeed, trainN, testN, files[0], files[1],
        files[2], files[3], files[4], type, layers, lambda0, step0, support, inner, u);
  }

  private static double snr(FamilyConfig c) {
    String s = c.string("data.snr-db").trim().toLowerCase(Locale.ROOT);
    if (s.equals("inf") || s.equals("+inf") || s.equals("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double v = Double.parseDouble(s);
      c.require(Double.isFinite(v), "data.snr-db", "must be a number or inf, got '" + s + "'");
      return v;
    } catch (NumberFormatException e) {
      throw new FamilyConfigException("data.snr-db", "expected a number or inf, got '" + s + "'");
    }
  }
}
