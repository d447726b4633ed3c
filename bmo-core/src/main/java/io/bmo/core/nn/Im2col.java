package io.bmo.core.nn;

import java.util.Arrays;

/**
 * The patch gather ("im2col") of a dilated k×k convolution over a tile of image rows, and its exact transpose
 * ("col2im", a scatter-add).
 *
 * <p><b>Block layout.</b> A block of {@code B} images with {@code C} channels is one {@code double[]} in channel-major
 * order: pixel {@code (i, j)} of channel {@code c} of image {@code b} is at {@code c·S + b·H·W + i·W + j}, with channel
 * stride {@code S = B·H·W}. So channel {@code c} of the whole block is one contiguous slab, and the block is a
 * column-major {@code (B·H·W) × C} matrix with leading dimension {@code S}. For C = 1 this is simply B row-major
 * images one after the other.
 *
 * <p><b>Tiles.</b> The rows of the block are numbered {@code g = b·H + i} (0 ≤ g &lt; B·H). A tile is a range
 * {@code [g0, g0 + rows)}; its output pixels are the contiguous range {@code [g0·W, (g0 + rows)·W)} of every channel
 * slab (a tile may span several images). The patch matrix of a tile is column-major
 * {@code M × (C·k²)}, {@code M = rows·W}, with column {@code q = c·k² + a·k + e} (the PyTorch weight order
 * {@code [c][a][e]}) holding
 * <pre>  P[(g, j), q] = x_c(b, i + (a − r)·d, j + (e − r)·d),   r = (k − 1)/2,</pre>
 * read as 0 outside the image ({@link Padding#ZERO}) or with both indices taken modulo H and W
 * ({@link Padding#CIRCULAR}). Every column is a shifted copy of a channel, so the gather is a sequence of row copies
 * ({@link System#arraycopy}) and zero fills; {@link #scatterAdd} adds the same rows back.
 *
 * <p>Stateless after construction: safe to share between threads.
 */
final class Im2col {
  private final int channels;
  private final int kernel;
  private final int height;
  private final int width;
  private final boolean circular;
  private final int[] rowShift; // per column q: (a − r)·d
  private final int[] colShift; // per column q: (e − r)·d

  Im2col(int channels, int kernel, int dilation, Padding padding, int height, int width) {
    this.channels = channels;
    this.kernel = kernel;
    this.height = height;
    this.width = width;
    this.circular = padding == Padding.CIRCULAR;
    int taps = kernel * kernel;
    int r = (kernel - 1) / 2;
    rowShift = new int[taps];
    colShift = new int[taps];
    for (int a = 0; a < kernel; a++) {
      for (int e = 0; e < kernel; e++) {
        rowShift[a * kernel + e] = (a - r) * dilation;
        colShift[a * kernel + e] = (e - r) * dilation;
      }
    }
  }

  /** Columns of the patch matrix, {@code C·k²}. */
  int columns() {
    return channels * kernel * kernel;
  }

  /**
   * Writes the patch matrix of tile {@code [g0, g0 + rows)} into {@code cols} (leading dimension rows·W).
   *
   * @param x block, channel stride {@code stride}; not modified
   * @param cols at least {@code rows·W·C·k²} values. Modified.
   */
  void gather(double[] x, int stride, int g0, int rows, double[] cols) {
    int taps = kernel * kernel;
    int m = rows * width;
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < taps; t++) {
        int base = (c * taps + t) * m;
        int da = rowShift[t];
        int db = colShift[t];
        for (int g = g0; g < g0 + rows; g++) {
          int img = g / height;
          int src = sourceRow(img, g - img * height + da);
          int dst = base + (g - g0) * width;
          if (src < 0) {
            Arrays.fill(cols, dst, dst + width, 0.0);
          } else {
            copyRow(x, c * stride + src, db, cols, dst);
          }
        }
      }
    }
  }

  /**
   * The transpose of {@link #gather}: adds every entry of the tile's patch matrix onto the pixel it was read from
   * (entries read as padding zeros are dropped).
   *
   * @param cols patch matrix of the tile (leading dimension rows·W); not modified
   * @param dx block, channel stride {@code stride}. Modified (added to).
   */
  void scatterAdd(double[] cols, int g0, int rows, double[] dx, int stride) {
    int taps = kernel * kernel;
    int m = rows * width;
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < taps; t++) {
        int base = (c * taps + t) * m;
        int da = rowShift[t];
        int db = colShift[t];
        for (int g = g0; g < g0 + rows; g++) {
          int img = g / height;
          int src = sourceRow(img, g - img * height + da);
          if (src >= 0) {
            addRow(cols, base + (g - g0) * width, db, dx, c * stride + src);
          }
        }
      }
    }
  }

  /** Offset of the first pixel of source row {@code si} of image {@code img} in a channel slab, or −1 (zero row). */
  private int sourceRow(int img, int si) {
    if (si < 0 || si >= height) {
      if (!circular) {
        return -1;
      }
      si = Math.floorMod(si, height);
    }
    return (img * height + si) * width;
  }

  /** {@code dst[j] = src[j + db]} for one row, with zero or wrapped columns. */
  private void copyRow(double[] x, int src, int db, double[] cols, int dst) {
    int w = width;
    if (circular) {
      int s = Math.floorMod(db, w);
      System.arraycopy(x, src + s, cols, dst, w - s);
      System.arraycopy(x, src, cols, dst + w - s, s);
      return;
    }
    int lo = Math.min(w, Math.max(0, -db));
    int hi = Math.max(lo, Math.min(w, w - db));
    Arrays.fill(cols, dst, dst + lo, 0.0);
    if (hi > lo) {
      System.arraycopy(x, src + lo + db, cols, dst + lo, hi - lo);
    }
    Arrays.fill(cols, dst + hi, dst + w, 0.0);
  }

  /** {@code dx[j + db] += cols[j]} for one row, the transpose of {@link #copyRow}. */
  private void addRow(double[] cols, int from, int db, double[] dx, int src) {
    int w = width;
    if (circular) {
      int s = Math.floorMod(db, w);
      add(cols, from, dx, src + s, w - s);
      add(cols, from + w - s, dx, src, s);
      return;
    }
    int lo = Math.min(w, Math.max(0, -db));
    int hi = Math.max(lo, Math.min(w, w - db));
    add(cols, from + lo, dx, src + lo + db, hi - lo);
  }

  private static void add(double[] a, int ao, double[] y, int yo, int n) {
    for (int j = 0; j < n; j++) {
      y[yo + j] += a[ao + j];
    }
  }
}
