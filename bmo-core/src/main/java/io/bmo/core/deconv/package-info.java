/**
 * Numerical pieces of non-blind deconvolution with a circular blur: the exact data step of half-quadratic splitting
 * (plug-and-play) and its vector–Jacobian products, the blur and its adjoint, and a classical FFT baseline.
 *
 * <p><b>Model.</b> Gray {@code H × W} images, row-major {@code double[]} (the layout of
 * {@link io.bmo.core.imaging.ImageShape}); the observation is {@code y = k ∗ x + n} with {@code k} a centred kernel
 * of odd size ({@link io.bmo.core.deconv.BlurKernel}, true convolution) and a circular boundary, so the blur is
 * diagonal in the 2-D DFT: {@code F(k ∗ x) = K · F x} with K the {@link io.bmo.core.deconv.BlurSpectrum}, computed
 * once per (kernel, H, W).
 *
 * <p><b>Data step</b> ({@link io.bmo.core.deconv.DeblurDataStep}):
 * <pre>
 *   x = argmin_x ½‖k ∗ x − y‖² + (ρ/2)‖x − z‖² = F⁻¹[(conj(K)·Y + ρ·Z) / (|K|² + ρ)],
 * </pre>
 * exact (no iteration). Invariant (optimality): {@code Kᵀ(Kx − y) + ρ(x − z) = 0}. Its VJPs in y, z and ρ are exact:
 * x is linear in (y, z) and {@code ∂x/∂ρ = (KᵀK + ρI)⁻¹(z − x)}.
 *
 * <p><b>Baseline</b> ({@link io.bmo.core.deconv.TikhonovDeconvolution}): {@code F⁻¹[conj(K)·Y / (|K|² + λP)]} with
 * P = 1 (Wiener with a constant noise-to-signal ratio) or the symbol of the periodic gradient.
 *
 * <p><b>FFT and determinism.</b> {@link io.bmo.core.deconv.Fft2} runs JTransforms' 1-D transforms over rows and
 * columns with JTransforms forced to one thread, so every result depends only on its inputs' bits (any thread, any
 * number of calls). Classes with workspaces are one-per-thread; spectra and kernels are immutable and shareable.
 */
package io.bmo.core.deconv;
