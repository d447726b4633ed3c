/**
 * The quadratic anchor family: a bilevel problem with a closed-form solution, used to check every hypergradient
 * path and inexact algorithm against θ*.
 *
 * <p>Per example i: lower level E_i(x; θ) = ½‖A₂x + A₃θ − b₂ᵢ‖² (strongly convex in x since A₂ has full column
 * rank), upper loss ℓ_i(x) = ½‖A₁x − b₁ᵢ‖². With G = A₂ᵀA₂: x*(θ) = G⁻¹A₂ᵀ(b₂ᵢ − A₃θ), and the mean upper loss is
 * a quadratic in θ whose minimiser θ* {@link io.bmo.core.quadratic.QuadraticBilevelProblem#closedForm} computes by
 * Cholesky ({@link io.bmo.core.solver.Cholesky}, LAPACK), independently of the CG path. The instance
 * ({@link io.bmo.core.quadratic.QuadraticInstance}) is generated from a seed. {@link
 * io.bmo.core.quadratic.QuadraticShards} is its sharded form for the training loop, {@link
 * io.bmo.core.quadratic.QuadraticInexact} its form for ISGD/MAID; {@link io.bmo.core.quadratic.SpectralBounds}
 * certifies the constants of the error bounds.
 */
package io.bmo.core.quadratic;
