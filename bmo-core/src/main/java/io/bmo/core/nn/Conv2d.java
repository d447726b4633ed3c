package io.bmo.core.nn;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.blas.Blas;

/**
 * One dilated 2-D convolution layer {@code C_in → C_out} with bias, on a block of images, lowered to DGEMM.
 *
 * <p><b>Formula</b> (cross-correlation, as PyTorch's {@code conv2d}; k odd, r = (k − 1)/2, dilation d):
 * <pre>  z_o(b, i, j) = β_o + Σ_{c, a, e} W[o][c][a][e] · x_c(b, i + (a − r)·d, j + (e − r)·d)</pre>
 * with out-of-image pixels read as 0 or wrapped ({@link Padding}); the output has the input's size. The weights
 * {@code W[o][c][a][e]} are stored row-major (PyTorch's order), i.e. as a column-major {@code (C_in·k²) × C_out}
 * matrix {@code Wm} with leading dimension {@code C_in·k²}. Blocks use the channel-major layout of {@link Im2col}.
 *
 * <p><b>Lowering.</b> For a tile of output rows, {@code P = im2col(x)} ({@code M × C_in·k²}) and one
 * {@code dgemm: Z_tile = α·P·Wm + β·Z_tile} writes the tile of every output channel at once (leading dimension = the
 * channel stride). VJPs of {@code L(z)} with {@code G = ∂L/∂z}:
 * <pre>
 *   ∂L/∂Wm += Pᵀ·G                          (dgemm "T","N")
 *   ∂L/∂β_o += Σ_pixels G_o
 *   ∂L/∂x   = im2col(G)·W̃                   (dgemm "N","N"),   W̃[(o, a, e), c] = W[o][c][k−1−a][k−1−e]
 * </pre>
 * The last line is the transpose of the gather written as a gather: {@code ∂L/∂x_c(i, j) = Σ W[o][c][a][e] ·
 * G_o(i − (a − r)d, j − (e − r)d)}, a convolution of G with the flipped, channel-transposed kernel under the same
 * padding (zero padding: G read as 0 outside; circular: wrapped), so it is exact and its dgemm has the long inner
 * dimension {@code C_out·k²} instead of {@code C_out}.
 *
 * <p><b>The narrow side.</b> Gathers copy {@code C·k²} columns per pixel, so each product gathers on the side with
 * fewer channels. When {@code C_out < C_in} (a network's last layer) the forward pass computes the per-tap images
 * {@code U_{o,t} = Σ_c W[o][c][t]·x_c} with one dgemm over the whole block and sums them shifted,
 * {@code z_o = Σ_t U_{o,t}(· + s_t)}; the weight gradient is {@code Xᵀ·im2col₋(G)} with the negated shifts. When
 * {@code C_in < C_out} (a first layer) the input gradient is {@code col2im(G·Wmᵀ)}: per-tap images summed back
 * with the negated shifts. Same sums, another order. A 1×1 kernel needs no gather: the block itself is P (one dgemm
 * over the whole block each way).
 *
 * <p><b>Tiles.</b> The block's {@code B·H} rows are processed {@code tileRows} at a time so that the patch matrix can
 * stay in cache; {@code tileRows ≥ B·H} is "im2col over the whole block, then one dgemm". The tile size changes
 * only the order in which the weight gradient's sums are added (and never the forward values).
 *
 * <p>Stateless after construction (the caller owns the workspace of {@link #workspaceLength(int)} values — patch
 * tiles or per-tap images, and reordered weights — and all arrays): safe to share between threads that use distinct workspaces. No method
 * allocates.
 */
public final class Conv2d {
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int height;
  private final int width;
  private final int tileRows;
  private final Im2col im2col;
  private final Im2col im2colOut; // gathers and shifted sums on the output side (C_out channels)
  private final boolean narrowOut; // C_out < C_in: forward and ∂W work on the C_out·k² side
  private final boolean narrowIn; // C_in < C_out: ∂x works on the C_in·k² side

  /**
   * @param kernel odd kernel side k ≥ 1
   * @param dilation d ≥ 1
   * @param tileRows image rows per im2col tile (≥ 1; tiles may span images)
   */
  public Conv2d(int inChannels, int outChannels, int kernel, int dilation, Padding padding, int height, int width,
      int tileRows) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException("channels must be positive, got " + inChannels + " -> " + outChannels);
    }
    if (kernel < 1 || kernel % 2 == 0 || dilation < 1) {
      throw new IllegalArgumentException("kernel must be odd and dilation positive, got " + kernel + ", " + dilation);
    }
    if (height < 1 || width < 1 || tileRows < 1) {
      throw new IllegalArgumentException("need positive image size and tile, got " + height + "x" + width + ", "
          + tileRows);
    }
    if (padding == null) {
      throw new IllegalArgumentException("padding must be given");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.height = height;
    this.width = width;
    this.tileRows = tileRows;
    this.im2col = new Im2col(inChannels, kernel, dilation, padding, height, width);
    this.im2colOut = new Im2col(outChannels, kernel, dilation, padding, height, width);
    this.narrowOut = outChannels < inChannels;
    this.narrowIn = inChannels < outChannels;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  /** {@code C_out·C_in·k²}. */
  public int weightCount() {
    return outChannels * im2col.columns();
  }

  /**
   * Values the workspace needs for blocks of up to {@code images} images: patch tiles or per-tap images and one
   * weight-sized scratch (0 for a 1×1 kernel).
   */
  public int workspaceLength(int images) {
    if (kernel == 1) {
      return 0;
    }
    long block = (long) images * height * width;
    long tile = (long) tileRows * width;
    long kIn = im2col.columns();
    long kOut = im2colOut.columns();
    long need = narrowOut ? Math.max(block * kOut, tile * kOut) : tile * Math.max(kIn, kOut);
    if (narrowIn) {
      need = Math.max(need, block * kIn);
    }
    need += weightCount();
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("convolution workspace of " + need + " values does not fit one array; use"
          + " smaller blocks or tiles");
    }
    return (int) need;
  }

  /** Multiply-adds ×2 of one forward pass over {@code images} images ({@code 2·B·H·W·C_in·k²·C_out}). */
  public double flops(int images) {
    return 2.0 * images * height * width * im2col.columns() * outChannels;
  }

  /**
   * {@code y ← α·(conv_W(x) + bias) + β·y}, then ReLU ({@code y ← max(y, 0)}) when {@code relu}. (When
   * {@code C_out < C_in}, α multiplies the weights before the sums; otherwise the sums.)
   *
   * @param w weights at {@code w[wOff ..]}, not modified
   * @param bias bias at {@code bias[bOff ..]}, or null for none; not modified
   * @param x input block ({@code C_in} channels, stride B·H·W), not modified; must not alias y
   * @param y output block ({@code C_out} channels). Modified.
   * @param work workspace of {@link #workspaceLength(int)} values. Modified.
   */
  public void forward(double[] w, int wOff, double[] bias, int bOff, double[] x, int images, double alpha,
      double beta, boolean relu, double[] y, double[] work) {
    BLAS blas = Blas.get();
    int stride = images * height * width;
    int kk = im2col.columns();
    if (kernel == 1) {
      blas.dgemm("N", "N", stride, outChannels, kk, alpha, x, 0, stride, w, wOff, kk, beta, y, 0, stride);
      finish(bias, bOff, alpha, relu, y, stride, 0, stride);
      return;
    }
    if (narrowOut) {
      // per-tap images U = X·Wr (S × C_out·k², inner C_in), then y_o = Σ_t shift_t(U_{o,t})
      int kOut = im2colOut.columns();
      int wr = work.length - weightCount();
      WeightOrder.channelMajor(w, wOff, inChannels, outChannels, kernel * kernel, alpha, work, wr);
      blas.dgemm("N", "N", stride, kOut, inChannels, 1.0, x, 0, stride, work, wr, inChannels, 0.0, work, 0, stride);
      for (int p = 0, n = outChannels * stride; p < n; p++) {
        y[p] = beta == 0.0 ? 0.0 : beta * y[p];
      }
      im2colOut.shiftAdd(work, stride, images, false, y);
      finish(bias, bOff, alpha, relu, y, stride, 0, stride);
      return;
    }
    int rowsTotal = images * height;
    for (int g0 = 0; g0 < rowsTotal; g0 += tileRows) {
      int rows = Math.min(tileRows, rowsTotal - g0);
      int m = rows * width;
      im2col.gather(x, stride, g0, rows, false, work);
      blas.dgemm("N", "N", m, outChannels, kk, alpha, work, 0, m, w, wOff, kk, beta, y, g0 * width, stride);
      finish(bias, bOff, alpha, relu, y, stride, g0 * width, m);
    }
  }

  /**
   * VJP of {@code z = conv_W(x) + bias} with output cotangent {@code gz}: adds {@code ∂L/∂W} and {@code ∂L/∂bias}
   * and writes {@code ∂L/∂x}, optionally times a ReLU mask.
   *
   * @param x the input the forward pass saw, not modified
   * @param gz cotangent of z (C_out channels), not modified
   * @param gw weight gradient at {@code gw[gwOff ..]}, or null to skip it. Modified (added to).
   * @param gb bias gradient at {@code gb[gbOff ..]}, or null to skip it. Modified (added to).
   * @param gx input cotangent (C_in channels), or null to skip it. Modified (overwritten); must not alias x or gz.
   * @param mask when not null, {@code gx} is set to 0 wherever {@code mask ≤ 0} (the derivative of a ReLU whose output
   *     was {@code mask}, e.g. x itself); not modified
   * @param work workspace of {@link #workspaceLength(int)} values. Modified.
   */
  public void backward(double[] w, int wOff, double[] x, double[] gz, int images, double[] gw, int gwOff,
      double[] gb, int gbOff, double[] gx, double[] mask, double[] work) {
    BLAS blas = Blas.get();
    int stride = images * height * width;
    int kk = im2col.columns();
    int kOut = im2colOut.columns();
    int wr = work.length - weightCount(); // weight-sized scratch at the end of the workspace
    int rowsTotal = images * height;
    if (gb != null) {
      for (int o = 0; o < outChannels; o++) {
        double s = 0;
        for (int p = o * stride, end = p + stride; p < end; p++) {
          s += gz[p];
        }
        gb[gbOff + o] += s;
      }
    }
    if (kernel == 1) {
      if (gw != null) {
        blas.dgemm("T", "N", kk, outChannels, stride, 1.0, x, 0, stride, gz, 0, stride, 1.0, gw, gwOff, kk);
      }
      if (gx != null) {
        blas.dgemm("N", "T", stride, kk, outChannels, 1.0, gz, 0, stride, w, wOff, kk, 0.0, gx, 0, stride);
        applyMask(gx, mask, stride, 0, stride);
      }
      return;
    }
    if (gw != null && narrowOut) {
      // ∂W[o][c][t] = Σ_q x_c(q)·gz_o(q − s_t): R = Xᵀ·gather_flipped(gz) (C_in × C_out·k²), then reorder into gw
      java.util.Arrays.fill(work, wr, wr + weightCount(), 0.0);
      for (int g0 = 0; g0 < rowsTotal; g0 += tileRows) {
        int rows = Math.min(tileRows, rowsTotal - g0);
        int m = rows * width;
        im2colOut.gather(gz, stride, g0, rows, true, work);
        blas.dgemm("T", "N", inChannels, kOut, m, 1.0, x, g0 * width, stride, work, 0, m, 1.0, work, wr,
            inChannels);
      }
      WeightOrder.addChannelMajor(work, wr, inChannels, outChannels, kernel * kernel, gw, gwOff);
      gw = null;
    }
    if (gx != null && narrowIn) {
      // ∂x = col2im(gz·Wmᵀ): per-tap images (S × C_in·k², inner C_out), summed back with negated shifts
      blas.dgemm("N", "T", stride, kk, outChannels, 1.0, gz, 0, stride, w, wOff, kk, 0.0, work, 0, stride);
      java.util.Arrays.fill(gx, 0, inChannels * stride, 0.0);
      im2col.shiftAdd(work, stride, images, true, gx);
      applyMask(gx, mask, stride, 0, stride);
      gx = null;
    }
    if (gw == null && gx == null) {
      return;
    }
    if (gx != null) {
      WeightOrder.flipped(w, wOff, inChannels, outChannels, kernel * kernel, work, wr);
    }
    for (int g0 = 0; g0 < rowsTotal; g0 += tileRows) {
      int rows = Math.min(tileRows, rowsTotal - g0);
      int m = rows * width;
      if (gw != null) {
        im2col.gather(x, stride, g0, rows, false, work);
        blas.dgemm("T", "N", kk, outChannels, m, 1.0, work, 0, m, gz, g0 * width, stride, 1.0, gw, gwOff, kk);
      }
      if (gx != null) {
        im2colOut.gather(gz, stride, g0, rows, false, work);
        blas.dgemm("N", "N", m, inChannels, kOut, 1.0, work, 0, m, work, wr, kOut, 0.0, gx, g0 * width, stride);
        applyMask(gx, mask, stride, g0 * width, m);
      }
    }
  }

  /** Zeroes {@code g} on pixels {@code [from, from + m)} of every input channel where {@code mask ≤ 0}. */
  private void applyMask(double[] g, double[] mask, int stride, int from, int m) {
    if (mask == null) {
      return;
    }
    for (int c = 0; c < inChannels; c++) {
      reluMask(g, mask, c * stride + from, m);
    }
  }

  /**
   * {@code g[p] = mask[p] > 0 ? g[p] : 0} for {@code p ∈ [from, from + n)}, without a data-dependent branch (ReLU
   * masks are about half zeros in no predictable pattern): the bits of {@code g[p]} are ANDed with all ones when the
   * bits of {@code mask[p]} are positive as a signed long (a positive double), else with 0. Positive NaNs count
   * as positive.
   */
  static void reluMask(double[] g, double[] mask, int from, int n) {
    for (int p = from, end = from + n; p < end; p++) {
      long m = Double.doubleToRawLongBits(mask[p]);
      long keep = (-m & ~m) >> 63; // all ones iff m > 0
      g[p] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[p]) & keep);
    }
  }

  /** Adds {@code α·bias} and applies ReLU on pixels {@code [from, from + m)} of every output channel. */
  private void finish(double[] bias, int bOff, double alpha, boolean relu, double[] y, int stride, int from, int m) {
    for (int o = 0; o < outChannels; o++) {
      double add = bias == null ? 0.0 : alpha * bias[bOff + o];
      int start = o * stride + from;
      int end = start + m;
      if (relu) {
        for (int p = start; p < end; p++) {
          y[p] = Math.max(y[p] + add, 0.0);
        }
      } else if (add != 0.0) {
        for (int p = start; p < end; p++) {
          y[p] += add;
        }
      }
    }
  }
}
