package io.bmo.core.nn;

import io.bmo.core.param.ParamLayout;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Architecture of a DnCNN-style residual denoiser: {@code depth} convolutions of side {@code kernel}, the first
 * {@code C₀ → width}, the middle ones {@code width → width}, the last {@code width → 1} (a single layer is
 * {@code C₀ → 1}); ReLU after every layer but the last; layer {@code l} uses dilation {@code dilations.get(l)}; no
 * normalisation layers. {@code C₀ = 1} (the grayscale image), or 2 when {@code noiseLevelInput}: a constant channel
 * σ per image is appended, so one network serves every noise level (FFDNet/DRUNet style).
 *
 * <p><b>Parameter layout</b> (one flat {@code double[]}, layer by layer, PyTorch's {@code state_dict} order):
 * <pre>  [W₀, β₀, W₁, β₁, …, W_{depth−1}, β_{depth−1}]</pre>
 * where {@code W_l} holds {@code C_out·C_in·k²} values row-major as {@code [o][c][a][e]} (output channel, input
 * channel, kernel row, kernel column; for layer 0, input channel 0 is the image and 1 the σ channel) and
 * {@code β_l} holds {@code C_out} biases. {@link #layout()} names the blocks {@code layer<l>.weight} (shape
 * {@code (C_out, C_in·k²)}) and {@code layer<l>.bias}.
 *
 * <p><b>Downsampling</b> (FFDNet style): with {@code downsample = s > 1} the network runs on the {@code s²}
 * sub-images of the input (pixel (s·i + a, s·j + e) goes to channel {@code a·s + e} at (i, j); an odd last row or
 * column is repeated to fill the grid), so {@code C₀ = s²} (or {@code 2s²}: the second input is split the same way,
 * channel {@code s² + a·s + e}), the last layer has {@code s²} outputs, put back in place. At the same width the
 * layers cost {@code 1/s²} of the full-resolution ones and see an {@code s} times larger field.
 *
 * @param depth number of convolutions, ≥ 1
 * @param width channels of the hidden layers, ≥ 1
 * @param kernel odd kernel side, ≥ 1
 * @param dilations one dilation ≥ 1 per layer (copied)
 * @param padding boundary handling of every layer
 * @param noiseLevelInput whether a constant σ channel is appended to the input
 * @param downsample the sub-image factor s ≥ 1 (1 = the network runs on the image itself)
 */
public record ConvNetSpec(int depth, int width, int kernel, List<Integer> dilations, Padding padding,
    boolean noiseLevelInput, int downsample) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ConvNetSpec {
    if (depth < 1 || width < 1) {
      throw new IllegalArgumentException("depth and width must be at least 1, got " + depth + ", " + width);
    }
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel must be odd and positive, got " + kernel);
    }
    if (dilations == null || dilations.size() != depth) {
      throw new IllegalArgumentException("need one dilation per layer (" + depth + "), got " + dilations);
    }
    for (Integer d : dilations) {
      if (d == null || d < 1) {
        throw new IllegalArgumentException("dilations must be at least 1, got " + dilations);
      }
    }
    if (padding == null) {
      throw new IllegalArgumentException("padding must be given");
    }
    if (downsample < 1) {
      throw new IllegalArgumentException("downsample must be at least 1, got " + downsample);
    }
    dilations = List.copyOf(dilations);
  }

  /** Without downsampling ({@code downsample = 1}). */
  public ConvNetSpec(int depth, int width, int kernel, List<Integer> dilations, Padding padding,
      boolean noiseLevelInput) {
    this(depth, width, kernel, dilations, padding, noiseLevelInput, 1);
  }

  /** All dilations 1. */
  public static ConvNetSpec plain(int depth, int width, int kernel, Padding padding, boolean noiseLevelInput) {
    return new ConvNetSpec(depth, width, kernel, java.util.Collections.nCopies(depth, 1), padding, noiseLevelInput);
  }

  /** Channels of the network input: s² sub-images of the image, and as many of the σ channel when it has one. */
  public int inputChannels() {
    return (noiseLevelInput ? 2 : 1) * downsample * downsample;
  }

  public int inChannels(int layer) {
    return layer == 0 ? inputChannels() : width;
  }

  public int outChannels(int layer) {
    return layer == depth - 1 ? downsample * downsample : width;
  }

  public int dilation(int layer) {
    return dilations.get(layer);
  }

  /** Whether ReLU follows layer {@code layer} (every layer but the last). */
  public boolean relu(int layer) {
    return layer < depth - 1;
  }

  /** Offset of {@code W_l} in the flat parameter vector. */
  public int weightOffset(int layer) {
    int off = 0;
    for (int l = 0; l < layer; l++) {
      off += layerSize(l);
    }
    return off;
  }

  /** Offset of {@code β_l}. */
  public int biasOffset(int layer) {
    return weightOffset(layer) + weightCount(layer);
  }

  public int weightCount(int layer) {
    return outChannels(layer) * inChannels(layer) * kernel * kernel;
  }

  /** Length of the flat parameter vector. */
  public int parameterCount() {
    return weightOffset(depth);
  }

  /** Side of the receptive field in image pixels, {@code s·(1 + Σ_l (k − 1)·d_l)}. */
  public int receptiveField() {
    int r = 1;
    for (int d : dilations) {
      r += (kernel - 1) * d;
    }
    return downsample * r;
  }

  /** Named blocks of the flat parameter vector (see the class comment). */
  public ParamLayout layout() {
    ParamLayout.Builder b = ParamLayout.builder();
    for (int l = 0; l < depth; l++) {
      b.add("layer" + l + ".weight", outChannels(l), inChannels(l) * kernel * kernel);
      b.add("layer" + l + ".bias", outChannels(l));
    }
    return b.build();
  }

  /**
   * He/Kaiming-normal initial parameters: {@code W_l ~ N(0, 2 / (C_in·k²))} entrywise, biases 0. Layer l's weights
   * depend only on {@code (seed, l)}: they are drawn in layout order from {@code SplittableRandom(mix(seed, l))}
   * (SplitMix64) by Box–Muller with {@link StrictMath}, so the values are the same on every JVM
   * ({@code nextGaussian} is avoided: its algorithm is not pinned across JDK versions).
   */
  public double[] initialParameters(long seed) {
    double[] p = new double[parameterCount()];
    for (int l = 0; l < depth; l++) {
      SplittableRandom rng = new SplittableRandom(mix(seed, l));
      double std = Math.sqrt(2.0 / (inChannels(l) * kernel * kernel));
      int off = weightOffset(l);
      int n = weightCount(l);
      for (int i = 0; i < n; i += 2) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]
        double u2 = rng.nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double t = 2.0 * Math.PI * u2;
        p[off + i] = std * r * StrictMath.cos(t);
        if (i + 1 < n) {
          p[off + i + 1] = std * r * StrictMath.sin(t);
        }
      }
    }
    return p;
  }

  private int layerSize(int layer) {
    return weightCount(layer) + outChannels(layer);
  }

  /** SplitMix64 finaliser of (seed, index): independent streams per index. */
  private static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
