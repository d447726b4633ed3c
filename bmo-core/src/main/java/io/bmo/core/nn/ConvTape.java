package io.bmo.core.nn;

/**
 * The activations one {@link ConvDenoiser#forward} keeps for the VJP and JVP of that evaluation: the network input
 * (image and σ channels) and the output of every hidden layer after its ReLU (which also gives the ReLU masks:
 * {@code max(z, 0) > 0 ⇔ z > 0}). The last layer's output is not kept. Block layout as in {@link Im2col}.
 *
 * <p>Memory: {@code (C₀ + (depth − 1)·width) · maxImages · H · W} doubles ({@link #bytes()}). An unrolled
 * scheme that differentiates K applications of the network either holds K tapes, or holds only each stage's input
 * and calls {@link ConvDenoiser#forward} again on one tape just before that stage's VJP (checkpointing): the
 * recomputed activations, hence the VJP, are bit-identical to the first pass.
 *
 * <p>Allocated once by {@link ConvDenoiser#newTape()}, refilled by every forward call; not thread-safe.
 */
public final class ConvTape {
  final ConvDenoiser owner;
  /** {@code acts[0]}: network input; {@code acts[l]}, l ≥ 1: output of layer l − 1 after ReLU. */
  final double[][] acts;
  int images;

  ConvTape(ConvDenoiser owner, double[][] acts) {
    this.owner = owner;
    this.acts = acts;
  }

  /** Images of the forward pass recorded last (0 before the first). */
  public int images() {
    return images;
  }

  /** Bytes held (allocated for the owner's largest block). */
  public long bytes() {
    long n = 0;
    for (double[] a : acts) {
      n += a.length;
    }
    return n * Double.BYTES;
  }

  /** Bytes the recorded forward pass actually uses ({@code images} images). */
  public long usedBytes() {
    return owner.tapeBytes(images);
  }
}
