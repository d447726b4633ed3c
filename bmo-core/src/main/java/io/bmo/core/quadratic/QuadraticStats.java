package io.bmo.core.quadratic;

import io.bmo.core.aggregate.LossGradientSum;

/**
 * The statistics {@link QuadraticBilevelProblem#addBlock} adds, and their sums. Carried as a flat vector of
 * {@link #SIZE} slots that the reductions add slot by slot; this record is the only place that knows the slots.
 *
 * @param lowerIterations Σ CG operator applications of the lower solves
 * @param cgIterations Σ CG operator applications of the adjoint solves
 */
public record QuadraticStats(double lowerIterations, double cgIterations) {
  /** Slots of the flat vector. */
  public static final int SIZE = 2;

  /** Reads the statistics of a sum filled by {@link QuadraticBilevelProblem}. */
  public static QuadraticStats of(LossGradientSum sum) {
    double[] v = sum.stats();
    return new QuadraticStats(v[0], v[1]);
  }

  /** Writes the record into the first {@link #SIZE} slots of v. Modified: v. */
  public void writeTo(double[] v) {
    v[0] = lowerIterations;
    v[1] = cgIterations;
  }

  /** The papers' cost unit: lower plus adjoint iterations. */
  public double cost() {
    return lowerIterations + cgIterations;
  }
}
