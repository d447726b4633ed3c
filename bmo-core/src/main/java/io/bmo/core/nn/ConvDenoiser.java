package io.bmo.core.nn;

import java.util.Arrays;

/**
 * The residual CNN denoiser {@code D(x; σ, θ) = x − f_θ([x, σ])} of a {@link ConvNetSpec}, on blocks of up to
 * {@code maxImages} grayscale images of {@code H × W} pixels (row-major, stacked: pixel (i, j) of image b at
 * {@code b·H·W + i·W + j}).
 *
 * <p>{@code f_θ = L_{depth−1} ∘ ReLU ∘ L_{depth−2} ∘ … ∘ ReLU ∘ L₀}, each {@code L_l} a {@link Conv2d} with bias;
 * its input is the image, plus the constant channel {@code σ_b} on image b when the spec has a noise-level input.
 * With the spec's {@code downsample = s > 1} the layers run on a grid of {@code ⌈H/s⌉ × ⌈W/s⌉} pixels: the input
 * is split into its s² sub-images (an odd last row or column repeated), and the s² output channels are put back in
 * place ({@link ConvNetSpec}); the derivatives include both rearrangements.
 *
 * <p>Derivatives at the point recorded in a {@link ConvTape}, with {@code v} a cotangent of the output:
 * <pre>
 *   vjp:  gx = v − (∂f/∂x)ᵀ v,   gσ_b = −Σ_pixels ((∂f/∂[x,σ])ᵀ v)_{σ channel, b},   gθ += −(∂f/∂θ)ᵀ v
 *   jvp:  D'(x; σ)[dx, dσ] = dx − (∂f/∂[x,σ]) [dx, dσ]
 * </pre>
 * both exact: back-propagation through the convolutions ({@link Conv2d#backward}) and the ReLU masks
 * {@code 1[z > 0]} (the derivative at z = 0 is taken as 0, as PyTorch does).
 *
 * <p>Not thread-safe: the instance owns the convolution workspace (patch tiles; per-tap images for a first or last
 * layer, see {@link Conv2d}), an input buffer and two activation/cotangent buffers, allocated once in the
 * constructor for {@code maxImages} images; {@link #forward}, {@link #apply}, {@link #vjp} and {@link #jvp} allocate
 * nothing. Each thread uses its own instance.
 */
public final class ConvDenoiser {
  /**
   * Default patch-tile budget in doubles (2 MB), so a tile of patches stays in cache between its gather and its
   * dgemm: on 64×64 images at width 32 (288 patch columns, 14 rows per tile) this is about 25 % faster than one
   * im2col over a block of 8 images, and tiles of 4 to 28 rows are within a few per cent of each other.
   */
  public static final int DEFAULT_TILE_DOUBLES = 1 << 18;

  private final ConvNetSpec spec;
  private final int height;
  private final int width;
  private final int maxImages;
  private final int down; // the spec's downsample factor s
  private final int gridH;
  private final int gridW;
  /**
   * For grid pixel q of sub-image (a, e) at {@code (a·s + e)·gridH·gridW + q}: the image pixel it is taken from
   * (within its image; the last row or column repeated past the edge), and whether it lies inside. With s = 1 the
   * identity.
   */
  private final int[] source;
  private final boolean[] inside;
  private final Conv2d[] layers;
  private final double[] cols;
  private final double[] input; // network input of apply() and tangent input of jvp()
  private final double[] bufA;
  private final double[] bufB;

  /** With patch tiles of about {@link #DEFAULT_TILE_DOUBLES} values. */
  public ConvDenoiser(ConvNetSpec spec, int height, int width, int maxImages) {
    this(spec, height, width, maxImages, Math.max(1, DEFAULT_TILE_DOUBLES
        / (ceilDiv(width, spec.downsample()) * Math.max(spec.inputChannels(), spec.depth() > 1 ? spec.width() : 1)
        * spec.kernel() * spec.kernel())));
  }

  /**
   * @param tileRows image rows per im2col tile (≥ 1; values ≥ maxImages·height mean one tile per block)
   */
  public ConvDenoiser(ConvNetSpec spec, int height, int width, int maxImages, int tileRows) {
    if (height < 1 || width < 1 || maxImages < 1 || tileRows < 1) {
      throw new IllegalArgumentException("need positive height, width, maxImages and tileRows, got " + height + ", "
          + width + ", " + maxImages + ", " + tileRows);
    }
    this.down = spec.downsample();
    this.gridH = ceilDiv(height, down);
    this.gridW = ceilDiv(width, down);
    this.source = new int[down * down * gridH * gridW];
    this.inside = new boolean[source.length];
    for (int t = 0; t < source.length; t++) {
      int ph = t / (gridH * gridW);
      int r = down * ((t % (gridH * gridW)) / gridW) + ph / down;
      int c = down * (t % gridW) + ph % down;
      source[t] = Math.min(r, height - 1) * width + Math.min(c, width - 1);
      inside[t] = r < height && c < width;
    }
    long blockPixels = (long) maxImages * gridH * gridW;
    int wide = Math.max(Math.max(spec.inputChannels(), spec.width()), down * down);
    if (blockPixels * wide > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("block of " + maxImages + " images of " + height + "x" + width + " with "
          + wide + " channels does not fit one array; use smaller blocks");
    }
    this.spec = spec;
    this.height = height;
    this.width = width;
    this.maxImages = maxImages;
    int tile = (int) Math.min(tileRows, (long) maxImages * gridH);
    layers = new Conv2d[spec.depth()];
    int ws = 0;
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new Conv2d(spec.inChannels(l), spec.outChannels(l), spec.kernel(), spec.dilation(l),
          spec.padding(), gridH, gridW, tile);
      ws = Math.max(ws, layers[l].workspaceLength(maxImages));
    }
    cols = new double[ws];
    input = new double[(int) (spec.inputChannels() * blockPixels)];
    bufA = new double[(int) (wide * blockPixels)];
    bufB = new double[(int) (wide * blockPixels)];
  }

  public ConvNetSpec spec() {
    return spec;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int maxImages() {
    return maxImages;
  }

  /** A tape for this network, sized for {@code maxImages} images. */
  public ConvTape newTape() {
    int n = maxImages * gridH * gridW;
    double[][] acts = new double[spec.depth()][];
    for (int l = 0; l < acts.length; l++) {
      acts[l] = new double[spec.inChannels(l) * n];
    }
    return new ConvTape(this, acts);
  }

  /**
   * Bytes a tape holds for a block of {@code images} images: {@code (C₀ + (depth − 1)·width)·images·H·W·8}, what a
   * checkpointing scheme weighs against recomputing a stage ({@link #newTape()} allocates it for maxImages).
   */
  public long tapeBytes(int images) {
    long channels = 0;
    for (int l = 0; l < spec.depth(); l++) {
      channels += spec.inChannels(l);
    }
    return channels * images * gridH * gridW * Double.BYTES;
  }

  /** Bytes of the workspaces this instance owns (patch tile, input and two cotangent buffers). */
  public long workspaceBytes() {
    return ((long) cols.length + input.length + bufA.length + bufB.length) * Double.BYTES;
  }

  /** FLOPs (2 per multiply-add) of the convolutions of one forward pass over {@code images} images. */
  public double forwardFlops(int images) {
    double f = 0;
    for (Conv2d c : layers) {
      f += c.flops(images);
    }
    return f;
  }

  /**
   * {@code out = x − f_θ([x, σ])}, recording the activations in {@code tape} for {@link #vjp} and {@link #jvp}.
   *
   * @param params flat parameters ({@link ConvNetSpec} layout), not modified
   * @param x block of {@code images} images, not modified
   * @param sigma noise level per image ({@code images} values) when the spec has a σ input, else ignored (may be
   *     null); not modified
   * @param out denoised block. Modified. May alias x.
   * @param tape filled with this evaluation's activations. Modified.
   */
  public void forward(double[] params, double[] x, double[] sigma, int images, double[] out, ConvTape tape) {
    if (tape.owner != this) {
      throw new IllegalArgumentException("tape belongs to another network; use newTape() of this one");
    }
    tape.images = 0;
    run(params, x, sigma, null, images, out, tape.acts, null, null);
    tape.images = images;
  }

  /** The same values as {@link #forward}, keeping no activations (memory: this instance's two buffers). */
  public void apply(double[] params, double[] x, double[] sigma, int images, double[] out) {
    run(params, x, sigma, null, images, out, null, bufA, bufB);
  }

  /**
   * {@link #forward} with a per-pixel second input channel: {@code out = x − f_θ([x, guide])}, where {@code guide}
   * ({@code images·H·W} values, e.g. the observed image) takes the place of the constant σ channel. The spec must
   * have the second channel ({@code noiseLevelInput}). The guide is data: {@link #vjp} gives no cotangent for it
   * (pass {@code gSigma = null}).
   */
  public void forwardGuided(double[] params, double[] x, double[] guide, int images, double[] out, ConvTape tape) {
    if (tape.owner != this) {
      throw new IllegalArgumentException("tape belongs to another network; use newTape() of this one");
    }
    checkGuide(guide, images);
    tape.images = 0;
    run(params, x, null, guide, images, out, tape.acts, null, null);
    tape.images = images;
  }

  /** The same values as {@link #forwardGuided}, keeping no activations. */
  public void applyGuided(double[] params, double[] x, double[] guide, int images, double[] out) {
    checkGuide(guide, images);
    run(params, x, null, guide, images, out, null, bufA, bufB);
  }

  private void checkGuide(double[] guide, int images) {
    if (!spec.noiseLevelInput()) {
      throw new IllegalArgumentException("a guide channel needs a spec with the second input channel");
    }
    if (guide == null || guide.length < (long) images * height * width) {
      throw new IllegalArgumentException("need a guide of " + images * height * width + " pixels, got "
          + (guide == null ? "null" : guide.length));
    }
  }

  /**
   * VJP at the point recorded in {@code tape} (see the class comment).
   *
   * @param v output cotangent ({@code tape.images()} images), not modified
   * @param gx {@code ∂⟨v, D⟩/∂x}, or null to skip. Modified (overwritten). May alias v.
   * @param gSigma {@code ∂⟨v, D⟩/∂σ_b} per image, or null to skip. Modified (overwritten).
   * @param gParams {@code ∂⟨v, D⟩/∂θ} in the parameter layout, or null to skip. Modified (added to).
   */
  public void vjp(double[] params, ConvTape tape, double[] v, double[] gx, double[] gSigma, double[] gParams) {
    int images = checkTape(tape, params);
    int n = images * height * width;
    double[] g = bufA;
    double[] next = bufB;
    subImages(true, v, -1.0, false, images, 0, g);
    boolean wantInput = gx != null || (gSigma != null && spec.noiseLevelInput());
    for (int l = spec.depth() - 1; l >= 0; l--) {
      double[] dst = l > 0 || wantInput ? next : null;
      // the ReLU before layer l (l > 0) has output acts[l]: its derivative masks the cotangent
      layers[l].backward(params, spec.weightOffset(l), tape.acts[l], g, images, gParams, spec.weightOffset(l),
          gParams, spec.biasOffset(l), dst, l > 0 ? tape.acts[l] : null, cols);
      next = g;
      g = dst;
    }
    if (gx != null) {
      if (gx != v) {
        System.arraycopy(v, 0, gx, 0, n);
      }
      subImages(false, gx, 1.0, true, images, 0, g);
    }
    if (gSigma != null) {
      Arrays.fill(gSigma, 0, images, 0.0);
      if (spec.noiseLevelInput()) {
        int gp = gridH * gridW;
        int m = images * gp;
        for (int b = 0; b < images; b++) {
          double sum = 0;
          for (int c = down * down; c < 2 * down * down; c++) {
            for (int p = c * m + b * gp, end = p + gp; p < end; p++) {
              sum += g[p];
            }
          }
          gSigma[b] = sum;
        }
      }
    }
  }

  /**
   * JVP in the input at the point recorded in {@code tape}: {@code out = dx − (∂f/∂[x,σ])[dx, dσ]}.
   *
   * @param dx tangent of x, not modified
   * @param dSigma tangent of σ per image, or null for 0 (ignored without a σ input); not modified
   * @param out the tangent of D. Modified. May alias dx.
   */
  public void jvp(double[] params, ConvTape tape, double[] dx, double[] dSigma, double[] out) {
    int images = checkTape(tape, params);
    int m = images * gridH * gridW;
    loadInput(dx, dSigma, null, images, input);
    double[] cur = input;
    for (int l = 0; l < spec.depth() - 1; l++) {
      double[] dst = cur == bufA ? bufB : bufA;
      layers[l].forward(params, spec.weightOffset(l), null, 0, cur, images, 1.0, 0.0, false, dst, cols);
      Conv2d.reluMask(dst, tape.acts[l + 1], 0, spec.outChannels(l) * m);
      cur = dst;
    }
    residual(params, false, cur, cur == bufA ? bufB : bufA, dx, images, out);
  }

  /**
   * Runs the layers; activations go to {@code acts[l]} when given, else alternate between bufX and bufY. The second
   * channel is the guide when given, else σ_b per image.
   */
  private void run(double[] params, double[] x, double[] sigma, double[] guide, int images, double[] out,
      double[][] acts, double[] bufX, double[] bufY) {
    checkImages(images);
    checkParams(params);
    if (guide == null && spec.noiseLevelInput() && (sigma == null || sigma.length < images)) {
      throw new IllegalArgumentException("the network has a noise-level input: need sigma for " + images
          + " images, got " + (sigma == null ? "null" : sigma.length + " values"));
    }
    double[] cur = acts != null ? acts[0] : input;
    loadInput(x, sigma, guide, images, cur);
    int last = spec.depth() - 1;
    for (int l = 0; l < last; l++) {
      double[] dst = acts != null ? acts[l + 1] : (cur == bufX ? bufY : bufX);
      layers[l].forward(params, spec.weightOffset(l), params, spec.biasOffset(l), cur, images, 1.0, 0.0, true, dst,
          cols);
      cur = dst;
    }
    residual(params, true, cur, acts != null ? bufA : (cur == bufX ? bufY : bufX), x, images, out);
  }

  /**
   * {@code out = x − f}, f the last layer (with its bias when {@code withBias}) on the activations {@code cur}. With
   * s = 1 the layer adds −f into out inside its dgemm; else f goes to {@code spare} and its s² channels are put back
   * in place (the repeated edge's outputs are dropped). out may alias x.
   */
  private void residual(double[] params, boolean withBias, double[] cur, double[] spare, double[] x, int images,
      double[] out) {
    int last = spec.depth() - 1;
    if (out != x) {
      System.arraycopy(x, 0, out, 0, images * height * width);
    }
    if (down == 1) {
      layers[last].forward(params, spec.weightOffset(last), withBias ? params : null, spec.biasOffset(last), cur,
          images, -1.0, 1.0, false, out, cols);
    } else {
      layers[last].forward(params, spec.weightOffset(last), withBias ? params : null, spec.biasOffset(last), cur,
          images, 1.0, 0.0, false, spare, cols);
      subImages(false, out, -1.0, false, images, 0, spare);
    }
  }

  /**
   * Between a block of images and channels {@code firstChannel … firstChannel + s² − 1} of a grid block, over the
   * {@link #source} table: channel {@code a·s + e} at grid pixel (i, j) is image pixel (s·i + a, s·j + e).
   * <ul>
   *   <li>{@code gather}: grid = scale · image; a grid pixel outside the image takes the repeated last row or column
   *       when {@code repeat}, else 0 (a cotangent of outputs that are dropped);
   *   <li>else the adjoint: image += scale · grid, from every grid pixel when {@code repeat}, else from those inside
   *       (the others are dropped outputs).
   * </ul>
   */
  private void subImages(boolean gather, double[] image, double scale, boolean repeat, int images, int firstChannel,
      double[] grid) {
    int gp = gridH * gridW;
    int m = images * gp;
    for (int ph = 0; ph < down * down; ph++) {
      for (int b = 0; b < images; b++) {
        int d = (firstChannel + ph) * m + b * gp;
        int img = b * height * width;
        for (int q = 0; q < gp; q++) {
          int t = ph * gp + q;
          if (gather) {
            grid[d + q] = repeat || inside[t] ? scale * image[img + source[t]] : 0.0;
          } else if (repeat || inside[t]) {
            image[img + source[t]] += scale * grid[d + q];
          }
        }
      }
    }
  }

  /**
   * {@code dst = [x; σ channel]} on the grid: channels 0 … s² − 1 the images' sub-images (the images themselves when
   * s = 1), then, with a σ input, s² channels of σ_b on every pixel of image b, or the per-pixel guide's sub-images
   * when given.
   */
  private void loadInput(double[] x, double[] sigma, double[] guide, int images, double[] dst) {
    subImages(true, x, 1.0, true, images, 0, dst);
    if (guide != null) {
      subImages(true, guide, 1.0, true, images, down * down, dst);
    } else if (spec.noiseLevelInput()) {
      int gp = gridH * gridW;
      int m = images * gp;
      for (int c = down * down; c < 2 * down * down; c++) {
        for (int b = 0; b < images; b++) {
          Arrays.fill(dst, c * m + b * gp, c * m + (b + 1) * gp, sigma == null ? 0.0 : sigma[b]);
        }
      }
    }
  }

  private int checkTape(ConvTape tape, double[] params) {
    if (tape.owner != this) {
      throw new IllegalArgumentException("tape belongs to another network; use newTape() of this one");
    }
    if (tape.images == 0) {
      throw new IllegalStateException("tape is empty: call forward(..., tape) first");
    }
    checkParams(params);
    return tape.images;
  }

  private void checkParams(double[] params) {
    if (params.length != spec.parameterCount()) {
      throw new IllegalArgumentException("parameter vector has " + params.length + " values, the network needs "
          + spec.parameterCount());
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private void checkImages(int images) {
    if (images < 1 || images > maxImages) {
      throw new IllegalArgumentException("block of " + images + " images, this network holds 1.." + maxImages);
    }
  }
}
