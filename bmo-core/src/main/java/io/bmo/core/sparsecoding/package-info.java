/**
 * The sparse-coding family: learned ISTA/LISTA as the fixed-point map of BMO.
 *
 * <p>Example i: a sparse code x_i and its signal b_i = A x_i (+ noise), A the m×n dictionary. The map is
 * T(u) = S_θ(u − s·Wᵀ(Au − b)) with S_θ(z) = sign(z)·max(|z| − θ, 0); {@link io.bmo.core.sparsecoding.SparseModel}
 * says which of (W, θ, s) are learned and whether per layer (ista: θ, s with W = A; ista-layerwise: θ_k, s_k;
 * lista-tied: W, θ, s). {@link io.bmo.core.sparsecoding.SoftThresholdKernels} holds the element passes.
 * {@link io.bmo.core.sparsecoding.SparseCodingMap} implements the map and its VJPs on blocks of examples (DGEMM);
 * {@link io.bmo.core.sparsecoding.SparseCodingProblem} is everything needed to build the unrolled objective on any
 * JVM; {@link io.bmo.core.sparsecoding.SparseCodingShards} is its sharded form for the training loop;
 * {@link io.bmo.core.sparsecoding.FistaBaseline} the classical FISTA baseline. Upper loss ½‖u^K − x‖²; metrics in
 * NMSE dB = 10 log₁₀(Σ‖u − x‖² / Σ‖x‖²).
 */
package io.bmo.core.sparsecoding;
