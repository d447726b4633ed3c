package io.bmo.core.solver;

/**
 * The statistics of {@link UnrolledObjective} for one block, and their sums over blocks. The reductions carry them as a
 * flat vector of {@link #SIZE} slots and add it slot by slot; this record is the only place that knows the slots.
 *
 * @param sqError Σ‖u^K − x‖²
 * @param sqNorm Σ‖x‖²
 * @param adjointIterations adjoint-solver iterations (implicit differentiation; 0 otherwise)
 * @param adjointResidual Σ of the adjoint solves' relative residuals (one per block)
 * @param blocks number of blocks
 */
public record UnrolledStats(double sqError, double sqNorm, double adjointIterations, double adjointResidual,
    double blocks) {
  /** Slots of the flat vector. */
  public static final int SIZE = 5;

  /** Reads the record from a flat vector (summed or not). */
  public static UnrolledStats of(double[] v) {
    return new UnrolledStats(v[0], v[1], v[2], v[3], v[4]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = sqError;
    v[1] = sqNorm;
    v[2] = adjointIterations;
    v[3] = adjointResidual;
    v[4] = blocks;
  }

  /** NMSE in dB: 10·log10(Σ‖u − x‖² / Σ‖x‖²). */
  public double nmseDb() {
    return UnrolledObjective.nmseDb(sqError, sqNorm);
  }

  /** Adjoint iterations per block (0 blocks → per 1). */
  public double adjointIterationsPerBlock() {
    return adjointIterations / Math.max(1, blocks);
  }

  /** Mean relative residual of the adjoint solves. */
  public double adjointResidualMean() {
    return adjointResidual / blocks;
  }
}
