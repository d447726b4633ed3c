/**
 * The BMO inner solver, the unrolled objective built on it, and the linear solvers.
 *
 * <p>{@link io.bmo.core.solver.BmoSolver} runs K steps of u ← Proj(a·u + c_x·x + c_T·T_k(u)) on a block, with the
 * aggregation weights of {@link io.bmo.core.solver.BmoConfig} (μ = 0: the plain iteration u ← T_k(u));
 * {@link io.bmo.core.solver.UnrolledObjective} sums
 * φ(ω) = (1/N) Σ_i ½‖u_i^K(ω) − x_i‖² and its hypergradient over blocks of examples for any
 * {@link io.bmo.core.operator.FixedPointMap}.
 *
 * <p>Linear solvers share {@link io.bmo.core.solver.LinearSolver}: (matvec, b) → (x, iterations, residual).
 * {@link io.bmo.core.solver.ConjugateGradient} only for symmetric positive definite operators (Hessians of strongly
 * convex energies); {@link io.bmo.core.solver.Gmres} and {@link io.bmo.core.solver.Richardson} for I − ∂T/∂u, which
 * is generally not symmetric. {@link io.bmo.core.solver.Tolerances} holds the relative residuals (ε of a lower-level
 * solve, δ of an adjoint solve). Every solver stops on its relative residual or its iteration cap and reports both.
 * {@link io.bmo.core.solver.Cholesky} is the one direct solver, for small dense closed forms and certificates (LAPACK
 * dpotrf / dpotrs).
 */
package io.bmo.core.solver;
