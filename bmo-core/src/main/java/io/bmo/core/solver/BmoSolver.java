package io.bmo.core.solver;

import io.bmo.core.operator.BitMask;
import io.bmo.core.operator.FixedPointMap;
import io.bmo.core.operator.Linearization;

/**
 * The batched BMO/GKM inner loop of {@link BmoConfig} over one block (config record,
 * {@code init / step / run}, a state record).
 *
 * <p>Each step computes, for all B columns at once, {@code v = T_k(u)} (one call to the map, i.e. DGEMM-shaped
 * work) and then the element pass {@code u ← Proj(a·u + c_x·x + c_T·v)} with the coefficients of
 * {@link BmoConfig#selfWeight()}, {@link BmoConfig#targetWeight()}, {@link BmoConfig#mapWeight()}. With U = ℝⁿ
 * both go through {@link FixedPointMap#applyRelaxed}, which a map may fuse into one pass.
 *
 * <p>Tape: for steps k ≥ {@code recordFrom} the solver keeps the map's {@link Linearization} of step k and, when
 * U ≠ ℝⁿ, a bit mask of the coordinates where the projection is the identity. It keeps no dense iterates. Buffers
 * are allocated on first use and reused for later blocks of the same or smaller size. Not thread-safe.
 */
public final class BmoSolver {
  /**
   * @param iteration steps done so far (the step change ‖u^k − u^{k−1}‖_F is {@link #lastChange()}, computed only
   *     when asked: the training loop never needs it, and it would cost an extra pass over the block per step)
   */
  public record State(int iteration) {}

  private final FixedPointMap map;
  private final BmoConfig cfg;
  private final Linearization[] records;
  private final long[][] projMasks;
  /** Records and masks handed back by {@link #release}, reused by later steps (checkpointed reverse mode). */
  private final java.util.ArrayDeque<Linearization> freeRecords = new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<long[]> freeMasks = new java.util.ArrayDeque<>();
  private double[] u = new double[0];
  private double[] next = new double[0];
  private double[] tv = new double[0];
  private double[] x;
  private int cols;
  private int size;
  private int recordFrom;
  private int iteration;
  /** Whether {@code next} holds u^{k−1} of the last step (false after init/resume). */
  private boolean hasPrevious;

  public BmoSolver(FixedPointMap map, BmoConfig cfg) {
    this.map = map;
    this.cfg = cfg;
    this.records = new Linearization[cfg.layers()];
    this.projMasks = new long[cfg.layers()][];
  }

  public BmoConfig config() {
    return cfg;
  }

  public FixedPointMap map() {
    return map;
  }

  /**
   * Starts a run on the block already bound to the map: u⁰ = 0.
   *
   * @param target x, n×cols column-major (needed only when μ·β > 0; may be null otherwise); retained, not copied
   * @param cols block size B
   * @param recordFrom first step (1-based) whose linearization is kept; K + 1 records nothing
   */
  public void init(double[] target, int cols, int recordFrom) {
    init(target, cols, recordFrom, null);
  }

  /**
   * Starts a run from a given u⁰ (warm start, e.g. HODL-style joint mode or a truncated reference).
   *
   * @param start u⁰ (n×cols), copied; null means zero
   */
  public void init(double[] target, int cols, int recordFrom, double[] start) {
    if (cfg.targetWeight() != 0.0 && target == null) {
      throw new IllegalArgumentException("mu*beta > 0 needs the targets x");
    }
    this.x = target;
    this.cols = cols;
    this.size = map.dim() * cols;
    if (u.length < size) {
      u = new double[size];
      next = new double[size];
      tv = new double[size];
    }
    if (start == null) {
      java.util.Arrays.fill(u, 0, size, 0.0);
    } else {
      System.arraycopy(start, 0, u, 0, size);
    }
    this.recordFrom = recordFrom;
    this.iteration = 0;
    this.hasPrevious = false;
  }

  /**
   * Continues the run bound by the last {@code init} (same targets and block) from a stored iterate: sets
   * u^{iteration} = {@code state} and records steps ≥ {@code recordFrom} from here on. Used by checkpointed
   * reverse mode to recompute a stretch of steps; the steps produce the same bits as in the first pass because each
   * depends only on (k, u^{k−1}).
   *
   * @param iteration the step index of {@code state}, 0 ≤ iteration ≤ K
   * @param state u^{iteration} (n×cols), copied; null means zero
   */
  public void resume(int iteration, double[] state, int recordFrom) {
    if (iteration < 0 || iteration > cfg.layers()) {
      throw new IllegalArgumentException("iteration " + iteration + " outside 0.." + cfg.layers());
    }
    if (state == null) {
      java.util.Arrays.fill(u, 0, size, 0.0);
    } else {
      System.arraycopy(state, 0, u, 0, size);
    }
    this.recordFrom = recordFrom;
    this.iteration = iteration;
    this.hasPrevious = false;
  }

  /**
   * Hands the record (and projection mask) of step k back to the solver's pool so that a later step reuses its
   * buffers: with {@code release} after each use, only the steps currently needed hold tape memory.
   */
  public void release(int k) {
    if (records[k - 1] != null) {
      freeRecords.push(records[k - 1]);
      records[k - 1] = null;
    }
    if (projMasks[k - 1] != null) {
      freeMasks.push(projMasks[k - 1]);
      projMasks[k - 1] = null;
    }
  }

  /** One step k = iteration + 1. */
  public State step() {
    int k = iteration + 1;
    if (k > cfg.layers()) {
      throw new IllegalStateException("all " + cfg.layers() + " steps done");
    }
    Linearization rec = null;
    long[] pmask = null;
    if (k >= recordFrom) {
      if (records[k - 1] == null) {
        records[k - 1] = freeRecords.isEmpty() ? map.newRecord() : freeRecords.pop();
      }
      rec = records[k - 1];
      if (cfg.projection().kind() != Projection.Kind.NONE) {
        if (projMasks[k - 1] == null && !freeMasks.isEmpty()) {
          projMasks[k - 1] = freeMasks.pop();
        }
        projMasks[k - 1] = BitMask.ensure(projMasks[k - 1], size);
        pmask = projMasks[k - 1];
        java.util.Arrays.fill(pmask, 0, BitMask.words(size), 0L);
      }
    }
    if (cfg.projection().kind() == Projection.Kind.NONE) {
      map.applyRelaxed(k - 1, cols, u, cfg.selfWeight(), cfg.targetWeight(), x, cfg.mapWeight(), next, tv, rec);
    } else {
      map.apply(k - 1, u, tv, rec);
      combine(u, tv, next, pmask);
    }
    double[] t = u;
    u = next;
    next = t;
    iteration = k;
    hasPrevious = true;
    return new State(k);
  }

  /**
   * ‖u^k − u^{k−1}‖_F over the block for the last step, one pass over the block; valid until the next step.
   *
   * @throws IllegalStateException when no step has run since init/resume
   */
  public double lastChange() {
    if (!hasPrevious) {
      throw new IllegalStateException("no step since the run was (re)started");
    }
    double ch = 0.0;
    for (int i = 0; i < size; i++) {
      double d = u[i] - next[i];
      ch += d * d;
    }
    return Math.sqrt(ch);
  }

  /** Runs the remaining steps; returns the final state. */
  public State run() {
    State s = new State(iteration);
    while (iteration < cfg.layers()) {
      s = step();
    }
    return s;
  }

  /** out = Proj(a·u + c_x·x + c_T·v); records the projection mask when given. */
  private void combine(double[] uu, double[] v, double[] out, long[] pmask) {
    double a = cfg.selfWeight();
    double cx = cfg.targetWeight();
    double ct = cfg.mapWeight();
    Projection p = cfg.projection();
    boolean identity = p.kind() == Projection.Kind.NONE;
    for (int i = 0; i < size; i++) {
      double y = a * uu[i] + ct * v[i];
      if (cx != 0.0) {
        y += cx * x[i];
      }
      double r;
      if (identity) {
        r = y;
      } else {
        r = p.apply(y);
        if (pmask != null && p.passes(y)) {
          pmask[i >>> 6] |= 1L << i;
        }
      }
      out[i] = r;
    }
  }

  /** The current iterate u^k (n×B, live buffer: do not keep across steps). */
  public double[] iterate() {
    return u;
  }

  public int iteration() {
    return iteration;
  }

  public int cols() {
    return cols;
  }

  /** Linearization recorded at step k (1-based). */
  public Linearization record(int k) {
    if (k < recordFrom || k > iteration || records[k - 1] == null) {
      throw new IllegalStateException("step " + k + " was not recorded (recorded " + recordFrom + ".." + iteration + ")");
    }
    return records[k - 1];
  }

  /** Projection pass-through mask of step k, or null when U = ℝⁿ. */
  public long[] projectionMask(int k) {
    return cfg.projection().kind() == Projection.Kind.NONE ? null : projMasks[k - 1];
  }

  /** Bytes the tape currently uses for the recorded (and not released) steps. */
  public long tapeBytes() {
    long b = 0;
    for (int k = Math.max(recordFrom, 1); k <= iteration; k++) {
      if (records[k - 1] == null) {
        continue;
      }
      b += records[k - 1].bytesUsed();
      if (projectionMask(k) != null) {
        b += (long) BitMask.words(size) * Long.BYTES;
      }
    }
    return b;
  }
}
