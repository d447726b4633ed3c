/**
 * Data of the non-blind deblurring protocol: 8-bit gray ground truths ({@link io.bmo.datasets.image.Gray8},
 * RGB → BT.601 luma rounded to 8 bit), blur kernels read from {@code kernel_<n>.npy} files
 * ({@link io.bmo.datasets.deblur.KernelFiles}: finite, Σ = 1 within 1e-6, odd size), seeded random motion kernels
 * for training ({@link io.bmo.core.deconv.MotionKernels}) and degraded observations
 * ({@link io.bmo.datasets.deblur.BlurDegradation}).
 *
 * <p><b>Degradation.</b> {@code y = k ∗ x + σ·n}: true convolution with a centred kernel, circular boundary (the
 * blur of {@code io.bmo.core.deconv}, so the lower level has no model mismatch), Gaussian noise σ on the [0, 1]
 * scale (the usual levels are 2.55/255 and 7.65/255). Results are judged by PSNR of the 8-bit rounded estimate.
 *
 * <p><b>Determinism.</b> Kernel i depends only on (kernel seed, i) ({@link io.bmo.core.random.SeededRandom}
 * stream {@link io.bmo.core.deconv.MotionKernels#KERNEL_STREAM}); the noise of example i only on (noise seed,
 * i) (stream {@link io.bmo.datasets.deblur.BlurDegradation#NOISE_STREAM}).
 */
package io.bmo.datasets.deblur;
