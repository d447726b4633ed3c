package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.Hypergradients;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.train.ExampleSource;
import io.bmo.core.train.ShardPlan;
import java.util.Arrays;

/**
 * One shard's work in joint mode: for each block of the shard's examples in the step, start the GKM iteration of
 * {@link BmoSolver} from the examples' carried iterates (u = 0 for an example not yet visited), run J steps with
 * μ_t, add ½‖u^J − x‖² and the reverse-mode gradient through those J steps, and store u^J back into the
 * {@link ExampleState} (primal width n). How u⁰ enters the gradient is the {@link JointGradient}: a constant
 * (TRUNCATED, no adjoint in the state) or through a carried adjoint w (CARRIED_ADJOINT: adjoint width n; the reverse
 * pass is seeded with ū + w and its adjoint at u⁰ becomes the new w).
 *
 * <p>Statistics: {@link JointStats} (squared error and norm, forward and reverse steps, how far the carried iterates
 * still move). The solver
 * and its tape are rebuilt when μ changes (once per outer step while μ_t &gt; 0, never after), not per block.
 * Not thread-safe: one per thread or task.
 */
public final class JointTask {
  private final SparseCodingMap map;
  private final int m;
  private final int n;
  private final JointGradient gradient;
  private BmoConfig inner;
  private BmoSolver solver;
  private Hypergradients hyper;
  private double[] b = new double[0];
  private double[] x = new double[0];
  private double[] u0 = new double[0];
  private double[] ubar = new double[0];
  private double[] w0 = new double[0];
  private final double[] stat = new double[JointStats.SIZE];

  /**
   * @throws IllegalArgumentException for layer-wise models: a carried iterate has passed through t·J steps, so there
   *     is no "layer k" whose parameters step k could use
   */
  public JointTask(SparseModel model, double[] dictionary, int m, int n, JointGradient gradient) {
    if (model.layerwise()) {
      throw new IllegalArgumentException("joint mode needs a tied model (ista or lista-tied), got " + model.id()
          + ": carried iterates have no layer index");
    }
    this.map = new SparseCodingMap(model, dictionary, m, n, 1);
    this.m = m;
    this.n = n;
    this.gradient = gradient;
  }

  public SparseCodingMap map() {
    return map;
  }

  /** A fresh sum of the map's parameter dimension with {@link JointStats#SIZE} statistics. */
  public LossGradientSum newSum() {
    return new LossGradientSum(map.layout().size(), JointStats.SIZE);
  }

  private void configure(BmoConfig cfg) {
    if (!cfg.equals(inner)) {
      inner = cfg;
      solver = new BmoSolver(map, cfg);
      hyper = new Hypergradients(map, cfg);
    }
  }

  private void ensure(int cols) {
    if (b.length < m * cols) {
      b = new double[m * cols];
      x = new double[n * cols];
      u0 = new double[n * cols];
      ubar = new double[n * cols];
      w0 = gradient == JointGradient.CARRIED_ADJOINT ? new double[n * cols] : w0;
    }
  }

  /**
   * Shard {@code shard}'s sums for outer step {@code step}.
   *
   * @param batch sorted global indices, or null for the whole shard
   * @param cfg the inner loop of this step ({@link JointConfig#innerAt})
   * @param state the shard's carried iterates. Modified.
   */
  public LossGradientSum shardSum(double[] omega, ExampleSource src, ShardPlan plan, int shard, long[] batch,
      BmoConfig cfg, ExampleState state, long step) {
    if (state.first() != plan.start(shard) || state.first() + state.count() != plan.end(shard)
        || state.primalWidth() != n || state.adjointWidth() != adjointWidth(gradient, n)) {
      throw new IllegalArgumentException("state " + state + " does not hold shard " + shard + " of " + plan);
    }
    configure(cfg);
    map.bind(omega);
    LossGradientSum sum = newSum();
    int bs = plan.blockSize();
    ensure(bs);
    ShardPlan.Selection sel = plan.select(shard, batch);
    long[] idx = sel.indices();
    int from = sel.from();
    int to = sel.to();
    for (int j = from; j < to; j += bs) {
      int cols = Math.min(bs, to - j);
      src.gather(idx, j, cols, b, x);
      block(idx, j, cols, state, step, sum);
    }
    return sum;
  }

  /** Adjoint values per example in the state: n for CARRIED_ADJOINT, else 0. */
  static int adjointWidth(JointGradient gradient, int n) {
    return gradient == JointGradient.CARRIED_ADJOINT ? n : 0;
  }

  private void block(long[] idx, int j, int cols, ExampleState state, long step, LossGradientSum sum) {
    int size = n * cols;
    boolean carried = gradient == JointGradient.CARRIED_ADJOINT;
    for (int c = 0; c < cols; c++) {
      if (state.visited(idx[j + c])) {
        state.loadPrimal(idx[j + c], u0, c * n);
        if (carried) {
          state.loadAdjoint(idx[j + c], w0, c * n);
        }
      } else {
        Arrays.fill(u0, c * n, (c + 1) * n, 0.0);
        if (carried) {
          Arrays.fill(w0, c * n, (c + 1) * n, 0.0);
        }
      }
    }
    map.bindBlock(b, cols);
    solver.init(x, cols, 1, u0);
    solver.run();
    double[] u = solver.iterate();
    double sq = 0;
    double xn = 0;
    double moved = 0;
    for (int c = 0; c < cols; c++) {
      boolean seen = state.visited(idx[j + c]);
      for (int i = c * n; i < (c + 1) * n; i++) {
        double r = u[i] - x[i];
        ubar[i] = carried ? r + w0[i] : r;
        sq += r * r;
        xn += x[i] * x[i];
        if (seen) {
          double d = u[i] - u0[i];
          moved += d * d;
        }
      }
    }
    for (int c = 0; c < cols; c++) {
      state.storePrimal(idx[j + c], u, c * n, step);
    }
    if (carried) {
      hyper.reverseToStart(solver, ubar, w0, sum.gradSumBuffer());
      for (int c = 0; c < cols; c++) {
        state.storeAdjoint(idx[j + c], w0, c * n);
      }
    } else {
      hyper.reverse(solver, ubar, 1, sum.gradSumBuffer());
    }
    double steps = (double) inner.layers() * cols;
    new JointStats(sq, xn, steps, steps, moved).writeTo(stat);
    sum.add(0.5 * sq, null, stat, cols);
  }
}
