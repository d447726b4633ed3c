package io.bmo.core.imaging.operator;

import io.bmo.core.blas.Blas;
import io.bmo.core.imaging.ImageShape;

/**
 * Multi-filter 2-D correlation of a block of images with periodic boundary, done as im2col + one DGEMM.
 *
 * <p>For a filter {@code k} of {@code kh × kw} taps (both odd, centre {@code (rh, rw) = (kh/2, kw/2)}) the response
 * at pixel {@code (i, j)} is
 * <pre>  (k ⋆ x)(i, j) = Σ_{a,b} k[a·kw + b] · x((i + a − rh) mod H, (j + b − rw) mod W)</pre>
 * (correlation, not flipped convolution; periodic wrap-around). The adjoint is therefore exact: it is the transpose of
 * the same gather, i.e. a scatter-add ("col2im") of the back-projected patches.
 *
 * <p>Matrix layout (column-major, as BLAS sees it): filters form an {@code T × F} matrix with filter {@code f} in
 * column {@code f} ({@code T = kh·kw}, so each filter is contiguous); the patch matrix of a block of {@code B} images
 * is {@code T × (B·n)} with the patch of pixel {@code p} in column {@code p}; responses are {@code F × (B·n)} with the
 * {@code F} responses of pixel {@code p} contiguous. So {@code Z = Kᵀ·P} is a single {@code dgemm("T","N")}.
 *
 * <p>Not thread-safe: the instance owns a patch workspace for up to {@code maxImages} images, allocated once in the
 * constructor; no method allocates.
 */
public final class PatchConvolution {
  private final ImageShape shape;
  private final int kh;
  private final int kw;
  private final int taps;
  private final int maxImages;
  private final int[] rowIndex; // rowIndex[a * H + i] = (i + a - rh) mod H
  private final int[] colIndex; // colIndex[b * W + j] = (j + b - rw) mod W
  private final double[] patches;

  /**
   * @param shape image shape
   * @param kh filter rows, odd
   * @param kw filter columns, odd
   * @param maxImages largest block this instance will be called with
   */
  public PatchConvolution(ImageShape shape, int kh, int kw, int maxImages) {
    if (kh < 1 || kw < 1 || kh % 2 == 0 || kw % 2 == 0) {
      throw new IllegalArgumentException("filter size must be odd and positive, got " + kh + "x" + kw);
    }
    if (maxImages < 1) {
      throw new IllegalArgumentException("maxImages must be at least 1, got " + maxImages);
    }
    this.shape = shape;
    this.kh = kh;
    this.kw = kw;
    this.taps = kh * kw;
    this.maxImages = maxImages;
    int h = shape.height();
    int w = shape.width();
    rowIndex = new int[kh * h];
    for (int a = 0; a < kh; a++) {
      for (int i = 0; i < h; i++) {
        rowIndex[a * h + i] = Math.floorMod(i + a - kh / 2, h);
      }
    }
    colIndex = new int[kw * w];
    for (int b = 0; b < kw; b++) {
      for (int j = 0; j < w; j++) {
        colIndex[b * w + j] = Math.floorMod(j + b - kw / 2, w);
      }
    }
    long size = (long) taps * maxImages * shape.pixels();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("patch workspace too large: " + taps + " taps x " + maxImages + " images x "
          + shape.pixels() + " pixels; use smaller blocks");
    }
    patches = new double[(int) size];
  }

  public ImageShape shape() {
    return shape;
  }

  /** Number of taps {@code kh · kw}. */
  public int taps() {
    return taps;
  }

  public int maxImages() {
    return maxImages;
  }

  /**
   * Responses {@code z = Kᵀ · im2col(x)} for {@code f} filters.
   *
   * @param filters {@code taps × f} column-major (filter {@code i} at offset {@code i · taps}), not modified
   * @param x block of {@code images} images, not modified
   * @param z {@code f × (images · n)} column-major responses. Modified.
   */
  public void correlate(double[] filters, int f, double[] x, int images, double[] z) {
    int cols = checkImages(images) * shape.pixels();
    im2col(x, images, patches);
    Blas.get().dgemm("T", "N", f, cols, taps, 1.0, filters, taps, patches, taps, 0.0, z, f);
  }

  /**
   * Adjoint of {@link #correlate}: {@code out = col2im(K · v)}, i.e. {@code out = Σ_f k_fᵀ ⋆ v_f}.
   *
   * @param v {@code f × (images · n)} column-major, not modified
   * @param out block of {@code images} images, overwritten. Modified.
   */
  public void correlateAdjoint(double[] filters, int f, double[] v, int images, double[] out) {
    int cols = checkImages(images) * shape.pixels();
    Blas.get().dgemm("N", "N", taps, cols, f, 1.0, filters, taps, v, f, 0.0, patches, taps);
    col2im(patches, images, out);
  }

  /**
   * Filter-space gradient {@code g ← im2col(x) · aᵀ + beta · g}: {@code g[:, f] = Σ_p a[f, p] · patch_p(x)}, the
   * derivative of {@code Σ_{f,p} a[f,p] (k_f ⋆ x)_p} with respect to the filters.
   *
   * @param a {@code f × (images · n)} column-major weights, not modified
   * @param g {@code taps × f} column-major. Modified.
   */
  public void accumulateFilterGradient(double[] x, int images, double[] a, int f, double beta, double[] g) {
    int cols = checkImages(images) * shape.pixels();
    im2col(x, images, patches);
    Blas.get().dgemm("N", "T", taps, f, cols, 1.0, patches, taps, a, f, beta, g, taps);
  }

  /** Writes the {@code taps × (images · n)} patch matrix of {@code x} into {@code cols}. Modified: cols. */
  public void im2col(double[] x, int images, double[] cols) {
    int h = shape.height();
    int w = shape.width();
    int n = shape.pixels();
    for (int img = 0; img < images; img++) {
      int base = img * n;
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int out = (base + i * w + j) * taps;
          for (int a = 0; a < kh; a++) {
            int rowOff = base + rowIndex[a * h + i] * w;
            int cb = 0;
            for (int b = 0; b < kw; b++, cb += w) {
              cols[out++] = x[rowOff + colIndex[cb + j]];
            }
          }
        }
      }
    }
  }

  /** Transpose of {@link #im2col}: {@code out = Σ_p scatter(cols[:, p])}. Modified: out (overwritten). */
  public void col2im(double[] cols, int images, double[] out) {
    int h = shape.height();
    int w = shape.width();
    int n = shape.pixels();
    java.util.Arrays.fill(out, 0, images * n, 0.0);
    for (int img = 0; img < images; img++) {
      int base = img * n;
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int in = (base + i * w + j) * taps;
          for (int a = 0; a < kh; a++) {
            int rowOff = base + rowIndex[a * h + i] * w;
            int cb = 0;
            for (int b = 0; b < kw; b++, cb += w) {
              out[rowOff + colIndex[cb + j]] += cols[in++];
            }
          }
        }
      }
    }
  }

  private int checkImages(int images) {
    if (images < 1 || images > maxImages) {
      throw new IllegalArgumentException("block of " + images + " images, workspace holds 1.." + maxImages);
    }
    return images;
  }
}
