/**
 * The {@code denoiser} problem family: pretraining of the CNN denoiser ({@link io.bmo.core.nn.ConvDenoiser}) on noisy
 * image patches as a sharded problem, so it runs on the same single-JVM / Spark loop, with the same bits, as every
 * bilevel problem. Images are read by the engine ({@link io.bmo.core.family.FamilyConfig#images}).
 */
package io.bmo.core.denoiser;
