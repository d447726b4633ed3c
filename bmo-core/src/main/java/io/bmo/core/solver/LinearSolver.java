package io.bmo.core.solver;

/**
 * A pluggable linear solve {@code (matvec, b) → (x, iterations, residual)}.
 *
 * <p>Implementations state which operators they are valid for: conjugate gradients only for symmetric positive
 * definite operators (strongly convex Hessians); the adjoint fixed-point iteration or GMRES for general ones such as
 * {@code I − (∂T/∂u)ᵀ}.
 */
public interface LinearSolver {
  /**
   * Solves {@code A x = b}.
   *
   * @param a the operator
   * @param b right-hand side, not modified
   * @param x on entry the initial guess (warm start), on exit the solution. Modified.
   * @return iterations used and the final relative residual ‖b − A x‖ / ‖b‖
   */
  Result solve(LinearOperator a, double[] b, double[] x);

  /**
   * @param iterations operator applications spent (the papers' cost unit)
   * @param relativeResidual ‖b − A x‖ / ‖b‖ at return (0 when b = 0)
   * @param converged whether the tolerance was met before the iteration cap
   */
  record Result(int iterations, double relativeResidual, boolean converged) {}
}
