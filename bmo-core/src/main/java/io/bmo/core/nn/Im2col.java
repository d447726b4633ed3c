package io.bmo.core.nn;

import java.util.Arrays;

/**
 * The patch gather ("im2col") of a dilated k×k convolution over a tile of image rows.
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
 * ({@link Padding#CIRCULAR}). Every column is a shifted copy of a channel, so the gather is a sequence of
 * {@link System#arraycopy} calls, one per run of rows, and small boundary fix-ups.
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
   * <p>Consecutive tile rows of one image whose source rows are consecutive too form a run, copied with one
   * {@link System#arraycopy} shifted by the column offset; then the at most |shift| boundary columns of each row are
   * set to 0 or to their wrapped value.
   *
   * @param x block, channel stride {@code stride}; not modified
   * @param flip when true, every shift is negated: column q reads {@code x_c(b, i − (a − r)·d, j − (e − r)·d)}
   * @param cols at least {@code rows·W·C·k²} values. Modified.
   */
  void gather(double[] x, int stride, int g0, int rows, boolean flip, double[] cols) {
    int taps = kernel * kernel;
    int m = rows * width;
    int end = g0 + rows;
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < taps; t++) {
        int base = (c * taps + t) * m - g0 * width;
        int da = flip ? -rowShift[t] : rowShift[t];
        int db = flip ? -colShift[t] : colShift[t];
        int g = g0;
        while (g < end) {
          int img = g / height;
          int i = g - img * height;
          int si = i + da;
          if (si < 0 || si >= height) {
            if (!circular) {
              Arrays.fill(cols, base + g * width, base + (g + 1) * width, 0.0);
              g++;
              continue;
            }
            si = Math.floorMod(si, height);
          }
          // rows g .. g + run − 1 read source rows si .. si + run − 1 of the same image
          int run = Math.min(Math.min(end - g, height - i), height - si);
          copyRun(x, c * stride + (img * height + si) * width, db, run, cols, base + g * width);
          g += run;
        }
      }
    }
  }

  /**
   * The shifted sum over a whole block: {@code y_c(b, i, j) += Σ_{a,e} u_{c,a,e}(b, i ± (a − r)·d, j ± (e − r)·d)}
   * (− when {@code flip}), where {@code u} is a column-major {@code S × (C·k²)} matrix of per-tap images (column
   * {@code c·k² + a·k + e}, leading dimension S, the channel stride) read with this padding.
   *
   * <p>With {@code flip = false} this finishes a convolution computed tap by tap ({@code u_{c,t} = Σ W·x} unshifted);
   * with {@code flip = true} it is the transpose of {@link #gather} ("col2im"): every patch entry goes back to the
   * pixel it was read from.
   *
   * @param u per-tap images, not modified; must not alias y
   * @param y block, channel stride {@code stride}. Modified (added to).
   */
  void shiftAdd(double[] u, int stride, int images, boolean flip, double[] y) {
    int taps = kernel * kernel;
    int rowsTotal = images * height;
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < taps; t++) {
        int col = (c * taps + t) * stride;
        int da = flip ? -rowShift[t] : rowShift[t];
        int db = flip ? -colShift[t] : colShift[t];
        for (int g = 0; g < rowsTotal; g++) {
          int img = g / height;
          int si = g - img * height + da;
          if (si < 0 || si >= height) {
            if (!circular) {
              continue;
            }
            si = Math.floorMod(si, height);
          }
          addRow(u, col + (img * height + si) * width, db, y, c * stride + g * width);
        }
      }
    }
  }

  /** {@code y[dst + j] += u[src + j + db]} for one row, zero or wrapped outside. */
  private void addRow(double[] u, int src, int db, double[] y, int dst) {
    int w = width;
    if (circular) {
      int s = Math.floorMod(db, w);
      add(u, src + s, y, dst, w - s);
      add(u, src, y, dst + w - s, s);
      return;
    }
    int lo = Math.min(w, Math.max(0, -db));
    int hi = Math.max(lo, Math.min(w, w - db));
    add(u, src + lo + db, y, dst + lo, hi - lo);
  }

  private static void add(double[] a, int ao, double[] y, int yo, int n) {
    for (int j = 0; j < n; j++) {
      y[yo + j] += a[ao + j];
    }
  }

  /** {@code dst[r·W + j] = src(r, j + db)} for {@code run} rows, with zero or wrapped boundary columns. */
  private void copyRun(double[] x, int src, int db, int run, double[] cols, int dst) {
    int w = width;
    if (Math.abs(db) >= w) {
      for (int r = 0; r < run; r++) {
        copyRow(x, src + r * w, db, cols, dst + r * w);
      }
      return;
    }
    int n = run * w;
    int lo = Math.max(0, -db);
    int hi = n - Math.max(0, db);
    System.arraycopy(x, src + lo + db, cols, dst + lo, hi - lo);
    // the bulk copy read the neighbouring row at the first/last |db| columns of every row: fix those
    int from = db > 0 ? w - db : 0;
    int to = db > 0 ? w : -db;
    int wrap = db > 0 ? db - w : db + w;
    for (int r = 0; r < run; r++) {
      int d = dst + r * w;
      int s = src + r * w + wrap;
      for (int j = from; j < to; j++) {
        cols[d + j] = circular ? x[s + j] : 0.0;
      }
    }
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
}
