package io.bmo.core.solver;

/**
 * Evaluation sums of the μ = 0 iteration at one depth ({@link UnrolledObjective#evaluate}), over examples. Carried as a
 * flat vector of {@link #SIZE} slots (one row of the evaluation table, depth by depth) that the reductions add slot by
 * slot; this record is the only place that knows the slots.
 *
 * @param sqError Σ‖u − x‖²
 * @param sqNorm Σ‖x‖²
 * @param residual Σ of the fixed-point residual ratios ‖u − T(u)‖ / ‖u‖ over examples with u ≠ 0
 * @param residualCount examples with u ≠ 0
 */
public record DepthEvaluation(double sqError, double sqNorm, double residual, double residualCount) {
  /** Slots of the flat vector. */
  public static final int SIZE = 4;

  /** Reads the record from a row of the evaluation table. */
  public static DepthEvaluation of(double[] row) {
    return new DepthEvaluation(row[0], row[1], row[2], row[3]);
  }

  /**
   * Adds one example into a row: its squared error, squared norm of the target, and (when ‖u‖² &gt; 0) its residual
   * ratio √(‖u − T(u)‖² / ‖u‖²). Modified: row.
   */
  static void addExample(double[] row, double sqError, double sqNorm, double uSq, double residualSq) {
    row[0] += sqError;
    row[1] += sqNorm;
    if (uSq > 0.0) {
      row[2] += Math.sqrt(residualSq / uSq);
      row[3] += 1;
    }
  }

  /** NMSE in dB: 10·log10(Σ‖u − x‖² / Σ‖x‖²). */
  public double nmseDb() {
    return UnrolledObjective.nmseDb(sqError, sqNorm);
  }

  /** Mean fixed-point residual ratio (NaN when every u was 0). */
  public double meanResidual() {
    return residualCount > 0 ? residual / residualCount : Double.NaN;
  }
}
