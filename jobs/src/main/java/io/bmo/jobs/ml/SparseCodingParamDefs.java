package io.bmo.jobs.ml;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SupportSelection;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;
import scala.runtime.AbstractFunction1;

/**
 * The {@link Param} objects of one {@link SparseCodingParams} owner (an estimator or a model), their documentation,
 * validators and defaults: the one place where the sparse-coding parameters are defined. Defaults match
 * {@code bmo-defaults.conf} ({@code model}, {@code bmo}, {@code optimizer}, {@code train}) except {@code steps},
 * {@code shards} and {@code seed}, which have no counterpart with the same meaning there.
 *
 * <p>Every validator is one of Spark's {@link ParamValidators} wrapped so that a rejected value throws, at
 * {@code set} time, an {@link IllegalArgumentException} naming the parameter, the accepted range and the value
 * (e.g. {@code parameter layers: must be >= 1, got 0}). Cross-parameter checks (the dictionary against the
 * columns, the method against the model) happen in {@code fit}.
 */
public final class SparseCodingParamDefs implements Serializable {
  private static final long serialVersionUID = 1L;

  /** See {@link SparseCodingParams#signalCol()}. */
  final Param<String> signalCol;
  /** See {@link SparseCodingParams#codeCol()}. */
  final Param<String> codeCol;
  /** See {@link SparseCodingParams#predictionCol()}. */
  final Param<String> predictionCol;
  /** See {@link SparseCodingParams#dictionary()}. */
  final Param<Matrix> dictionary;
  /** See {@link SparseCodingParams#model()}. */
  final Param<String> model;
  /** See {@link SparseCodingParams#layers()}. */
  final IntParam layers;
  /** See {@link SparseCodingParams#mu()}. */
  final DoubleParam mu;
  /** See {@link SparseCodingParams#beta()}. */
  final DoubleParam beta;
  /** See {@link SparseCodingParams#alpha()}. */
  final DoubleParam alpha;
  /** See {@link SparseCodingParams#lambda0()}. */
  final DoubleParam lambda0;
  /** See {@link SparseCodingParams#step0()}. */
  final DoubleParam step0;
  /** See {@link SparseCodingParams#supportIncrement()}. */
  final DoubleParam supportIncrement;
  /** See {@link SparseCodingParams#supportMax()}. */
  final DoubleParam supportMax;
  /** See {@link SparseCodingParams#steps()}. */
  final IntParam steps;
  /** See {@link SparseCodingParams#learningRate()}. */
  final DoubleParam learningRate;
  /** See {@link SparseCodingParams#batchSize()}. */
  final IntParam batchSize;
  /** See {@link SparseCodingParams#seed()}. */
  final LongParam seed;
  /** See {@link SparseCodingParams#shards()}. */
  final IntParam shards;
  /** See {@link SparseCodingParams#blockSize()}. */
  final IntParam blockSize;

  /** Creates the parameters of {@code owner} (whose uid must already be set) and registers their defaults. */
  SparseCodingParamDefs(Params owner) {
    signalCol = new Param<>(owner, "signalCol", "column of the observations b (array<double> or vector, length m)",
        nonEmpty("signalCol"));
    codeCol = new Param<>(owner, "codeCol", "column of the target codes x (array<double> or vector, length n)",
        nonEmpty("codeCol"));
    predictionCol = new Param<>(owner, "predictionCol", "output column of the model: u^K from u^0 = 0 with mu = 0",
        nonEmpty("predictionCol"));
    dictionary = new Param<>(owner, "dictionary", "dictionary A, m x n, finite (no default)", finiteMatrix());
    List<String> ids = Arrays.stream(SparseModel.values()).map(SparseModel::id).toList();
    model = new Param<>(owner, "model", "unrolled model: " + String.join(" | ", ids),
        checked("model", ParamValidators.inArray(ids), "one of " + String.join(", ", ids)));
    layers = new IntParam(owner, "layers", "K, unrolled layers (>= 1)",
        checked("layers", ParamValidators.gtEq(1), ">= 1"));
    mu = new DoubleParam(owner, "mu", "BMO aggregation weight in [0, 1] (0 = plain unrolled iteration)",
        checked("mu", ParamValidators.inRange(0, 1), "in [0, 1]"));
    beta = new DoubleParam(owner, "beta", "BMO upper-level step in [0, 2]",
        checked("beta", ParamValidators.inRange(0, 2), "in [0, 2]"));
    alpha = new DoubleParam(owner, "alpha", "GKM relaxation in (0, 1]",
        checked("alpha", ParamValidators.inRange(0, 1, false, true), "in (0, 1]"));
    lambda0 = new DoubleParam(owner, "lambda0", "initial threshold theta = lambda0 / L (>= 0)",
        checked("lambda0", finiteAnd(ParamValidators.gtEq(0)), "finite and >= 0"));
    step0 = new DoubleParam(owner, "step0", "initial step s = step0 / L, in (0, 2)",
        checked("step0", ParamValidators.inRange(0, 2, false, false), "in (0, 2)"));
    supportIncrement = new DoubleParam(owner, "supportIncrement",
        "support selection: percent of entries passed per layer (0 = off)",
        checked("supportIncrement", finiteAnd(ParamValidators.gtEq(0)), "finite and >= 0"));
    supportMax = new DoubleParam(owner, "supportMax", "support selection: largest percent passed, in [0, 100]",
        checked("supportMax", ParamValidators.inRange(0, 100), "in [0, 100]"));
    steps = new IntParam(owner, "steps", "outer (Adam) steps (>= 0)",
        checked("steps", ParamValidators.gtEq(0), ">= 0"));
    learningRate = new DoubleParam(owner, "learningRate", "Adam learning rate (> 0)",
        checked("learningRate", finiteAnd(ParamValidators.gt(0)), "finite and > 0"));
    batchSize = new IntParam(owner, "batchSize", "examples per step drawn from (seed, step); 0 = full batch",
        checked("batchSize", ParamValidators.gtEq(0), ">= 0"));
    seed = new LongParam(owner, "seed", "minibatch seed");
    shards = new IntParam(owner, "shards", "shards of the rows (fixed: results do not depend on the cluster)",
        checked("shards", ParamValidators.gtEq(1), ">= 1"));
    blockSize = new IntParam(owner, "blockSize", "examples per DGEMM block (>= 1)",
        checked("blockSize", ParamValidators.gtEq(1), ">= 1"));
    owner.setDefault(signalCol, "signal");
    owner.setDefault(codeCol, "code");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(model, SparseModel.ISTA_LAYERWISE.id());
    owner.setDefault(layers, 16);
    owner.setDefault(mu, 0.0);
    owner.setDefault(beta, 0.5);
    owner.setDefault(alpha, 1.0);
    owner.setDefault(lambda0, 0.1);
    owner.setDefault(step0, 1.0);
    owner.setDefault(supportIncrement, 0.0);
    owner.setDefault(supportMax, 0.0);
    owner.setDefault(steps, 100);
    owner.setDefault(learningRate, 1e-3);
    owner.setDefault(batchSize, 0);
    owner.setDefault(seed, 7L);
    owner.setDefault(shards, 8);
    owner.setDefault(blockSize, 256);
  }

  /**
   * The sparse-coding problem the owner's parameters describe (reverse-mode hypergradient, no projection).
   *
   * @param alistaW ALISTA's W (m × n column-major) to reuse, or null to compute it from A (ALISTA only)
   * @throws IllegalArgumentException when the dictionary is not set or the combination is invalid
   */
  static SparseCodingProblem problem(SparseCodingParams p, double[] alistaW) {
    if (!p.isDefined(p.dictionary())) {
      throw new IllegalArgumentException("parameter dictionary: not set (setDictionary(A), A m x n)");
    }
    Matrix a = p.getDictionary();
    BmoConfig inner = new BmoConfig(p.getLayers(), p.getMu(), p.getBeta(), p.getAlpha(), Projection.NONE);
    SparseModel type = SparseModel.parse(p.getModel());
    return new SparseCodingProblem(type, a.toArray(), a.numRows(), a.numCols(), inner,
        new HypergradientMethod.Reverse(), new SupportSelection(p.getSupportIncrement(), p.getSupportMax()),
        type == SparseModel.ALISTA ? alistaW : null);
  }

  /** {@code rule} (e.g. a {@link ParamValidators} rule) throwing with {@code name} and {@code allowed}. */
  static <T> Function1<T, Object> checked(String name, Function1<T, Object> rule, String allowed) {
    return new Checked<>(name, rule, allowed);
  }

  static Function1<String, Object> nonEmpty(String name) {
    return new Checked<>(name, new Rule<>(s -> s != null && !s.isEmpty()), "a non-empty column name");
  }

  private static Function1<Matrix, Object> finiteMatrix() {
    return new Checked<>("dictionary", new Rule<>(a -> a != null && a.numRows() > 0 && a.numCols() > 0
        && Arrays.stream(a.toArray()).allMatch(Double::isFinite)), "a non-empty matrix of finite values");
  }

  static Function1<Object, Object> finiteAnd(Function1<Object, Object> rule) {
    return new Rule<>(v -> Double.isFinite(((Number) v).doubleValue()) && (Boolean) rule.apply(v));
  }

  /** {@code test} as a validator: a serializable Scala function (for the few rules {@link ParamValidators} lacks). */
  static <T> Function1<T, Object> rule(SerializablePredicate<T> test) {
    return new Rule<>(test);
  }

  /** A predicate as a serializable Scala function (for the few rules {@link ParamValidators} lacks). */
  private static final class Rule<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SerializablePredicate<T> test;

    Rule(SerializablePredicate<T> test) {
      this.test = test;
    }

    @Override
    public Object apply(T v) {
      return test.test(v);
    }
  }

  interface SerializablePredicate<T> extends java.util.function.Predicate<T>, Serializable {}

  /** Runs {@code rule}; a rejected value throws with the parameter's name, the accepted range and the value. */
  private static final class Checked<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final Function1<T, Object> rule;
    private final String allowed;

    Checked(String name, Function1<T, Object> rule, String allowed) {
      this.name = name;
      this.rule = rule;
      this.allowed = allowed;
    }

    @Override
    public Object apply(T v) {
      if (!(Boolean) rule.apply(v)) {
        String shown = v instanceof Matrix mat ? mat.numRows() + " x " + mat.numCols() + " matrix" : String.valueOf(v);
        throw new IllegalArgumentException("parameter " + name + ": must be " + allowed + ", got " + shown);
      }
      return Boolean.TRUE;
    }
  }
}
