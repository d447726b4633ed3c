package io.bmo.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.optim.Transforms;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver loop against thread counts, an independent single-thread fold, and resumption. */
class TrainerTest {
  static final int M = 12;
  static final int N = 24;
  static final int EXAMPLES = 37;

  static SparseCodingProblem spec() {
    double[] a = TestData.dictionary(M, N, 7);
    return new SparseCodingProblem(SparseModel.ISTA_LAYERWISE, a, M, N,
        new BmoConfig(3, 0.2, 0.5, 1.0, Projection.NONE), new HypergradientMethod.Reverse());
  }

  static ArraySource source(long seed, int count) {
    double[] a = TestData.dictionary(M, N, 7);
    double[][] bx = TestData.pairs(a, M, N, count, 0.2, seed);
    // column-major m×count == row-major count×m
    return new ArraySource(M, N, bx[0], bx[1]);
  }

  static Optimizer adam() {
    return new Optimizer(List.of(Transforms.clipByNorm(10), Transforms.adam(1e-2, 0.9, 0.999, 1e-8, 0)),
        ParamConstraint.clamp(0, 3, 0, Double.POSITIVE_INFINITY));
  }

  double[] train(int threads, int shards, int batch, int steps, List<Trainer.StepMetrics> log) throws Exception {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, shards, 5);
    ShardPlan testPlan = new ShardPlan(11, 2, 5);
    double[] omega = spec.map().initialOmega(0.05, 0.4);
    OptState st = new OptState();
    SparseCodingShards problem = new SparseCodingShards(spec, source(1, EXAMPLES), source(2, 11));
    try (LocalExecutor ex = new LocalExecutor(problem, plan, testPlan, threads)) {
      new Trainer(ex, problem, plan, adam(), new Trainer.Settings(steps, batch, 9, 1))
          .run(omega, st, (m, w, s) -> log.add(m));
    }
    return omega;
  }

  @Test
  void threadCountDoesNotChangeOmegaBitForBit() throws Exception {
    List<Trainer.StepMetrics> l1 = new ArrayList<>();
    List<Trainer.StepMetrics> l2 = new ArrayList<>();
    double[] w1 = train(1, 4, 0, 5, l1);
    double[] w2 = train(2, 4, 0, 5, l2);
    assertArrayEquals(w1, w2, 0.0);
    assertEquals(l1.get(4).loss(), l2.get(4).loss(), 0.0);
    assertEquals(l1.get(4).value("test_nmse_db"), l2.get(4).value("test_nmse_db"), 0.0);
    assertTrue(Double.isFinite(l1.get(4).value("test_nmse_db")));
  }

  /** Threads adding shards into their own binned sums as they take them equal the ordered fold of every shard. */
  @Test
  void threadSumsEqualTheFoldOfEveryShard() {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, 7, 5);
    double[] omega = spec.map().initialOmega(0.05, 0.4);
    SparseCodingShards problem = new SparseCodingShards(spec, source(1, EXAMPLES), null);
    LossGradientSum expected;
    try (LocalExecutor one = new LocalExecutor(problem, plan, null, 1)) {
      expected = Trainer.fold(one.train(omega, null, true));
    }
    for (int threads = 1; threads <= 4; threads++) {
      try (LocalExecutor ex = new LocalExecutor(problem, plan, null, threads)) {
        LossGradientSum got = ex.trainTotal(omega, null, true);
        assertEquals(expected.loss(), got.loss(), 0.0, "threads " + threads);
        assertEquals(expected.count(), got.count(), "threads " + threads);
        assertArrayEquals(expected.gradient(), got.gradient(), 0.0, "threads " + threads);
      }
    }
  }

  /**
   * An executor that runs groups of steps the way a distributed one must: each step's sum from
   * {@link StepUpdate#batch}, the evaluation passes where {@link StepUpdate#evaluates}, then {@link StepUpdate#apply},
   * on its own copies of ω and the state. Records the groups.
   */
  static final class GroupingExecutor implements ShardExecutor {
    final LocalExecutor inner;
    final ShardedProblem problem;
    final List<long[]> groups = new ArrayList<>();

    GroupingExecutor(LocalExecutor inner, ShardedProblem problem) {
      this.inner = inner;
      this.problem = problem;
    }

    @Override
    public StepGroup trainSteps(StepUpdate update, double[] omega, OptState state, int count) {
      groups.add(new long[] {state.step(), count});
      double[] w = omega.clone();
      OptState st = state.copy();
      List<Trainer.StepMetrics> rows = new ArrayList<>();
      for (int j = 0; j < count; j++) {
        long t = st.step();
        LossGradientSum total = inner.trainTotal(w, update.batch(t), true);
        boolean eval = update.evaluates(t);
        double[][] train = eval && problem.needsTrainEvaluation()
            ? Trainer.fold(inner.evaluate(w, false, problem.evalDepths())) : null;
        double[][] test = eval ? Trainer.fold(inner.evaluate(w, true, problem.evalDepths())) : null;
        try {
          rows.add(update.apply(problem, t, total, train, test, w, st, System.nanoTime()));
        } catch (TrainingDivergedException e) {
          return new StepGroup(rows, w, st, e);
        }
      }
      return new StepGroup(rows, w, st, null);
    }

    @Override
    public LossGradientSum[] train(double[] omega, long[] batch, boolean withGradient) {
      return inner.train(omega, batch, withGradient);
    }

    @Override
    public double[][][] evaluate(double[] omega, boolean test, int[] depths) {
      return inner.evaluate(omega, test, depths);
    }

    @Override
    public String describe() {
      return "grouping";
    }
  }

  /**
   * Groups of steps equal one step per call bit for bit (ω, losses, test metrics); a group never passes
   * {@code until}; the listener sees every step in order.
   */
  @Test
  void groupsOfStepsEqualOneStepPerCall() throws Exception {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, 4, 5);
    ShardPlan testPlan = new ShardPlan(11, 2, 5);
    SparseCodingShards problem = new SparseCodingShards(spec, source(1, EXAMPLES), source(2, 11));
    Trainer.Settings settings = new Trainer.Settings(11, 8, 9, 4); // evaluates at steps 3, 7 and 10
    double[] plain = spec.map().initialOmega(0.05, 0.4);
    List<Trainer.StepMetrics> plainLog = new ArrayList<>();
    double[] grouped = plain.clone();
    List<Trainer.StepMetrics> groupedLog = new ArrayList<>();
    try (LocalExecutor ex = new LocalExecutor(problem, plan, testPlan, 2)) {
      OptState st = new OptState();
      Trainer t = new Trainer(ex, problem, plan, adam(), settings);
      while (st.step() < 11) {
        plainLog.add(t.step(plain, st));
      }
      GroupingExecutor g = new GroupingExecutor(ex, problem);
      Trainer tg = new Trainer(g, problem, plan, adam(), settings);
      OptState sg = new OptState();
      tg.steps(grouped, sg, 2, (m, w, s) -> groupedLog.add(m)); // until 2: steps 0-1
      tg.steps(grouped, sg, 3, (m, w, s) -> groupedLog.add(m)); // one step: no group
      tg.steps(grouped, sg, 11, (m, w, s) -> groupedLog.add(m)); // evaluations at 3, 7 and 10 inside
      assertEquals(List.of("0+2", "3+8"), g.groups.stream().map(a -> a[0] + "+" + a[1]).toList());
    }
    assertArrayEquals(plain, grouped, 0.0);
    assertEquals(11, groupedLog.size());
    for (int i = 0; i < 11; i++) {
      assertEquals(i, groupedLog.get(i).step());
      assertEquals(plainLog.get(i).loss(), groupedLog.get(i).loss(), 0.0);
      assertEquals(plainLog.get(i).value("test_nmse_db"), groupedLog.get(i).value("test_nmse_db"), 0.0);
    }
    assertTrue(Double.isFinite(groupedLog.get(7).value("test_nmse_db")));
  }

  /** A divergence inside a group: the listener sees the steps before it, then the same exception as one by one. */
  @Test
  void aDivergenceInsideAGroupComesAfterTheStepsBeforeIt() {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, 2, 5);
    SparseCodingShards problem = new SparseCodingShards(spec, source(1, EXAMPLES), null);
    Optimizer growing = new Optimizer(List.of(Transforms.sgd(1e150, 0)), ParamConstraint.NONE);
    Trainer.Settings settings = new Trainer.Settings(6, 0, 1, 0);
    try (LocalExecutor ex = new LocalExecutor(problem, plan, null, 1)) {
      TrainingDivergedException one = assertThrows(TrainingDivergedException.class, () ->
          new Trainer(ex, problem, plan, growing, settings).run(spec.map().initialOmega(0.05, 0.4),
              new OptState(), (m, w, s) -> { }));
      List<Long> seen = new ArrayList<>();
      TrainingDivergedException grouped = assertThrows(TrainingDivergedException.class, () ->
          new Trainer(new GroupingExecutor(ex, problem), problem, plan, growing, settings)
              .run(spec.map().initialOmega(0.05, 0.4), new OptState(), (m, w, s) -> seen.add(m.step())));
      assertEquals(one.getMessage(), grouped.getMessage());
      assertTrue(one.step() > 0, "diverges after a finite step: " + one.getMessage());
      assertEquals(one.step(), seen.size());
    }
  }

  @Test
  void minibatchRunIsDeterministicAcrossThreads() throws Exception {
    double[] w1 = train(1, 3, 8, 4, new ArrayList<>());
    double[] w2 = train(2, 3, 8, 4, new ArrayList<>());
    assertArrayEquals(w1, w2, 0.0);
  }

  /** Independent path: one objective over the examples in shard-then-block order, hand-written Adam. */
  @Test
  void shardedLoopEqualsSingleThreadFoldWithHandWrittenAdam() throws Exception {
    int shards = 3;
    double[] w = train(2, shards, 0, 2, new ArrayList<>());
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, shards, 5);
    ArraySource src = source(1, EXAMPLES);
    double[] omega = spec.map().initialOmega(0.05, 0.4);
    double[] mom = new double[omega.length];
    double[] vel = new double[omega.length];
    for (int t = 0; t < 2; t++) {
      UnrolledObjective obj = spec.objective();
      obj.bind(omega);
      LossGradientSum total = obj.newSum();
      for (int s = 0; s < shards; s++) {
        LossGradientSum shard = obj.newSum();
        for (long i = plan.start(s); i < plan.end(s); i += 5) {
          int cols = (int) Math.min(5, plan.end(s) - i);
          double[] b = new double[M * cols];
          double[] x = new double[N * cols];
          src.fill(i, cols, b, x);
          obj.add(new Block(b, x, cols), shard, true);
        }
        total.merge(shard);
      }
      double[] g = total.gradient();
      double norm = 0;
      for (double v : g) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < g.length; i++) {
        double gi = norm > 10 ? g[i] * (10 / norm) : g[i];
        mom[i] = 0.9 * mom[i] + (1 - 0.9) * gi;
        vel[i] = 0.999 * vel[i] + (1 - 0.999) * gi * gi;
        double mh = mom[i] / (1 - Math.pow(0.9, t + 1));
        double vh = vel[i] / (1 - Math.pow(0.999, t + 1));
        omega[i] += -1e-2 * mh / (Math.sqrt(vh) + 1e-8);
      }
      for (int i = 0; i < 3; i++) {
        omega[i] = Math.max(0, omega[i]);
      }
    }
    assertArrayEquals(omega, w, 0.0);
  }

  @Test
  void resumingFromSavedStateEqualsUninterruptedRun() throws Exception {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, 3, 5);
    ArraySource src = source(1, EXAMPLES);
    double[] full = spec.map().initialOmega(0.05, 0.4);
    SparseCodingShards problem = new SparseCodingShards(spec, src, null);
    try (LocalExecutor ex = new LocalExecutor(problem, plan, null, 2)) {
      new Trainer(ex, problem, plan, adam(), new Trainer.Settings(6, 10, 3, 0))
          .run(full, new OptState(), (m, w, s) -> { });
      double[] part = spec.map().initialOmega(0.05, 0.4);
      OptState st = new OptState();
      double[][] saved = new double[1][];
      OptState[] savedState = new OptState[1];
      try {
        new Trainer(ex, problem, plan, adam(), new Trainer.Settings(6, 10, 3, 0)).run(part, st, (m, w, s) -> {
          if (m.step() == 2) {
            saved[0] = w.clone();
            savedState[0] = s.copy();
            throw new IllegalStateException("simulated crash");
          }
        });
      } catch (IllegalStateException expected) {
        // the crash
      }
      double[] resumed = saved[0];
      new Trainer(ex, problem, plan, adam(), new Trainer.Settings(6, 10, 3, 0))
          .run(resumed, savedState[0], (m, w, s) -> { });
      assertArrayEquals(full, resumed, 0.0);
    }
  }

  @Test
  void divergenceStopsWithClearMessage() {
    SparseCodingProblem spec = spec();
    ShardPlan plan = new ShardPlan(EXAMPLES, 2, 5);
    double[] omega = spec.map().initialOmega(0.05, 0.4);
    Optimizer huge = new Optimizer(List.of(Transforms.sgd(1e308, 0)), ParamConstraint.NONE);
    SparseCodingShards problem = new SparseCodingShards(spec, source(1, EXAMPLES), null);
    try (LocalExecutor ex = new LocalExecutor(problem, plan, null, 1)) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
          new Trainer(ex, problem, plan, huge, new Trainer.Settings(5, 0, 1, 0))
              .run(omega, new OptState(), (m, w, s) -> { }));
      assertTrue(e.getMessage().contains("not finite"), e.getMessage());
      // The message names the step and a coordinate of omega with its value: the first non-finite one (update),
      // or the largest one (loss); the value printed is the value held.
      java.util.regex.Matcher mt = java.util.regex.Pattern
          .compile("at step (\\d+): .* parameter (\\w+)\\[(\\d+)\\] \\(= ([-0-9.EInfinityaN]+)\\)")
          .matcher(e.getMessage());
      assertTrue(mt.find(), e.getMessage());
      assertEquals(e.step(), Long.parseLong(mt.group(1)));
      int flat = problem.layout().offset(mt.group(2)) + Integer.parseInt(mt.group(3));
      assertEquals(Double.parseDouble(mt.group(4)), omega[flat], e.getMessage());
      for (double v : omega) {
        assertTrue(!Double.isFinite(omega[flat]) || Math.abs(v) <= Math.abs(omega[flat]), e.getMessage());
      }
    }
  }

  @Test
  void minibatchIsSortedDistinctAndIndependentOfShards() {
    long[] a = new ShardPlan(1000, 3, 7).minibatch(5, 11, 100);
    long[] b = new ShardPlan(1000, 8, 64).minibatch(5, 11, 100);
    assertArrayEquals(a, b);
    assertEquals(100, java.util.Arrays.stream(a).distinct().count());
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i]);
    }
    assertTrue(!java.util.Arrays.equals(a, new ShardPlan(1000, 3, 7).minibatch(5, 12, 100)));
  }
}
