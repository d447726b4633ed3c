package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;

/**
 * The statistics every {@link InexactProblem} adds into its sums, so that ISGD and MAID read costs and error bounds
 * without knowing the problem. Carried in the first {@link #SIZE} slots of a sum's statistics (a problem's own follow,
 * {@link InexactProblem#numStats()}); the reductions add them slot by slot, and the bound sums merge by addition like
 * the loss.
 *
 * @param lowerIterations Σ lower-level iterations ({@link Cost#lower()})
 * @param adjointIterations Σ adjoint CG operator applications
 * @param gradientBound Σ_i bound on ‖g̃_i − ∇f_i‖ ({@link ErrorBound#gradient}); +∞ when a solve missed its tolerance
 *     or there is no bound
 * @param valueBound Σ_i bound on |ℓ_i(x̃_i) − ℓ_i(x̂_i)| ({@link ErrorBound#value}); +∞ when unavailable
 * @param notConverged examples whose lower solve or CG hit its iteration cap
 */
public record InexactStats(double lowerIterations, double adjointIterations, double gradientBound, double valueBound,
    double notConverged) {
  /** Slots of the generic statistics. */
  public static final int SIZE = 5;

  /** Reads the generic statistics of a sum. */
  public static InexactStats of(LossGradientSum sum) {
    double[] v = sum.statsBuffer();
    return new InexactStats(v[0], v[1], v[2], v[3], v[4]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = lowerIterations;
    v[1] = adjointIterations;
    v[2] = gradientBound;
    v[3] = valueBound;
    v[4] = notConverged;
  }

  /** The cost of the sum these statistics came from. */
  public Cost cost() {
    return new Cost((long) lowerIterations, (long) adjointIterations);
  }
}
