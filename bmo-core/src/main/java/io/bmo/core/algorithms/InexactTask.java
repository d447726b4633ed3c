package io.bmo.core.algorithms;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.solver.Tolerances;

/** Computes inexact losses and hypergradients of an {@link InexactProblem} on examples of one shard; not thread-safe. */
public interface InexactTask {
  /**
   * Adds the examples {@code indices[from..to)} (ascending global indices, all inside {@code state}), in consecutive
   * blocks of at most {@code blockSize}: summed losses, hypergradients (when {@code withGradient}), count and the
   * {@link InexactProblem} statistics. Each lower solve starts from the example's stored primal vector (cold start
   * when not visited) and each CG from its stored adjoint (0 when not visited); the solutions are written back and
   * the examples marked visited at {@code step}.
   *
   * @param theta parameters, not modified
   * @param tol ε (lower gradient norm) and δ (CG relative residual)
   * @param state this shard's warm starts. Modified.
   * @param into accumulator from {@link InexactProblem#newSum()}. Modified.
   */
  void add(double[] theta, long[] indices, int from, int to, int blockSize, Tolerances tol, ExampleState state,
      long step, boolean withGradient, LossGradientSum into);
}
