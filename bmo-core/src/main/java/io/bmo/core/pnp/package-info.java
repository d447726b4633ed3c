/**
 * The plug-and-play deblurring family ({@code problem = "pnp-deblur"}): K stages of FFT data step and pretrained CNN
 * denoiser inside Algorithm 1, trained on seeded motion blur of image crops ({@link io.bmo.core.pnp.PnpDeblurTraining},
 * {@link io.bmo.core.pnp.PnpDeblurFamily}).
 */
package io.bmo.core.pnp;
