/**
 * The imaging family (problem = denoise | deblur): learned regularizers as lower levels (strongly convex, or with
 * Student-t Field-of-Experts potentials, smooth but not convex).
 *
 * <p>Per image: lower level E(x; θ) = ½‖Kx − y‖² + R_θ(x) + ½ε_sc‖x‖² (K the identity or a blur, R_θ smoothed TV or
 * a convex Field of Experts, see the regularizer subpackage), solved by FISTA ({@link
 * io.bmo.core.imaging.AcceleratedGradient}) to ‖∇ₓE‖ ≤ ε; upper loss ½‖x̂ − x_clean‖²/pixels. Hypergradient by the
 * implicit function theorem: H q = ∇ℓ with H = ∇²ₓE solved by conjugate gradients (H is SPD because E is strongly
 * convex), then g = −(∂θ∇ₓE)ᵀ q ({@link io.bmo.core.imaging.ImagingProblem}). {@link
 * io.bmo.core.imaging.ImagingShards} is its sharded form for the training loop (images from an {@link
 * io.bmo.core.imaging.ImageSource}: example i from (seed, i)), {@link io.bmo.core.imaging.ImagingInexact} its form
 * for ISGD/MAID. Metrics in PSNR dB = 10 log₁₀(1 / MSE), intensities in [0, 1].
 */
package io.bmo.core.imaging;
