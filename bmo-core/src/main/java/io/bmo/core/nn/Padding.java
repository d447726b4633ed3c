package io.bmo.core.nn;

/**
 * How a convolution reads pixels outside the image: {@link #ZERO} treats them as 0, {@link #CIRCULAR} wraps the
 * indices modulo the image size (periodic images, as in FFT-based deconvolution).
 */
public enum Padding {
  /** Pixels outside the image are 0 (PyTorch {@code padding_mode="zeros"}). */
  ZERO,
  /** Row and column indices wrap modulo H and W (PyTorch {@code padding_mode="circular"}). */
  CIRCULAR
}
