package io.bmo.core.derain;

import java.util.Arrays;

/**
 * A streak prior step, ISTA-like: a gradient step on {@code ½ Σ_k ‖f_k ⋆ R‖²} followed by soft-thresholding,
 * <pre>  u = R − η Σ_k A_kᵀ A_k R,   R' = sign(u) · max(|u| − λ, 0),</pre>
 * where {@code A_k R = f_k ⋆ R} is the zero-padded correlation {@code (f ⋆ x)[i, j] = Σ_{a,b} f[a, b] x[i + a − c,
 * j + b − c]} with an s×s filter (s odd, c = s/2), pixels outside the image being zero. Directional filters
 * (e.g. a difference across the streak direction) penalise variation across streaks; the threshold keeps R sparse.
 * VJPs, with {@code w = v ⊙ 1[|u| > λ]}: {@code gR = w − η Σ A_kᵀA_k w}, {@code gλ = −Σ sign(u) w},
 * {@code gη = −Σ_k ⟨A_k R, A_k w⟩}, {@code g f_k[a, b] = −η Σ_p (R[p + t] (A_k w)[p] + w[p + t] (A_k R)[p])}
 * with t = (a − c, b − c). Images are h×w row-major, stacked.
 *
 * <p>Every sum runs over zero-padded copies, branch-free, with the image (in its padded layout) or the row as the
 * inner loop, and adds its terms in the order of the plain loops (pixel by pixel, taps in order; the adjoint as the
 * scatter over source pixels): the padding only adds exact zeros, so the bits are those of the plain loops. Not
 * thread-safe: holds image-sized workspaces; otherwise allocates nothing except the two-element result of
 * {@link #vjp}.
 */
public final class StreakStep {
  private final int height;
  private final int width;
  private final int size;
  private final int c;
  /** Row stride of the padded images: {@code width + 2c}. */
  private final int stride;
  private final double[] work;
  private final double[] work2;
  /** Images padded by c on every side (borders never written, so zero): R, then w in the VJP, then scatter input. */
  private final double[] padSrc;
  private final double[] padW;
  private final double[] padY;
  /** Padded-layout sums of {@link #correlate} and {@link #correlateAdjointAdd} (row stride {@code width + 2c}). */
  private final double[] plane;

  /** @param size odd filter side s */
  public StreakStep(int height, int width, int size) {
    if (height < 1 || width < 1 || size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException("need positive size and odd filter side, got " + height + "x" + width
          + ", " + size);
    }
    this.height = height;
    this.width = width;
    this.size = size;
    this.c = size / 2;
    this.stride = width + 2 * c;
    this.work = new double[height * width];
    this.work2 = new double[height * width];
    this.padSrc = new double[(height + 2 * c) * stride];
    this.padW = new double[(height + 2 * c) * stride];
    this.padY = new double[(height + 2 * c) * stride];
    this.plane = new double[(height + 2 * c) * stride];
  }

  /**
   * {@code out = soft(r − η Σ_k A_kᵀA_k r, λ)}.
   *
   * @param filters K filters of s² taps each, row-major, concatenated; not modified
   * @param out result. Modified. Must not alias r.
   */
  public void apply(double[] r, double[] filters, double eta, double lambda, double[] out, int images) {
    int n = height * width;
    for (int img = 0; img < images; img++) {
      int o = img * n;
      System.arraycopy(r, o, out, o, n);
      pad(r, o, 1.0, padSrc);
      for (int k = 0; k < filters.length / (size * size); k++) {
        correlate(filters, k, padSrc, work);
        correlateAdjointAdd(filters, k, work, -eta, out, o);
      }
      for (int p = o; p < o + n; p++) {
        out[p] = soft(out[p], lambda);
      }
    }
  }

  /**
   * VJP at r with output cotangent v: writes gR into {@code gr} (modified, must not alias r or v), adds the filter
   * cotangents into {@code gFilters}, and returns {@code {gη, gλ}}.
   *
   * @param u the pre-threshold values {@code r − η Σ A_kᵀA_k r} (recompute with {@link #apply} at λ = 0), not modified
   */
  public double[] vjp(double[] r, double[] u, double[] filters, double eta, double lambda, double[] v, double[] gr,
      double[] gFilters, int images) {
    int n = height * width;
    int taps = size * size;
    double gEta = 0;
    double gLambda = 0;
    for (int img = 0; img < images; img++) {
      int o = img * n;
      for (int p = o; p < o + n; p++) {
        double w = Math.abs(u[p]) > lambda ? v[p] : 0;
        gr[p] = w;
        gLambda -= Math.signum(u[p]) * w;
      }
      pad(r, o, 1.0, padSrc); // R, padded by c
      pad(gr, o, 1.0, padW); // w, padded by c (gr holds w until the adjoint terms below are added)
      for (int k = 0; k < filters.length / taps; k++) {
        correlate(filters, k, padSrc, work); // A_k R
        correlate(filters, k, padW, work2); // A_k w
        for (int p = 0; p < n; p++) {
          gEta -= work[p] * work2[p];
        }
        for (int a = 0; a < size; a++) {
          filterRowGradient(a, eta, gFilters, k * taps + a * size);
        }
      }
      // gR = w − η Σ A_kᵀ A_k w: A_k w from the padded w, scattered back into gr (which holds w).
      for (int k = 0; k < filters.length / taps; k++) {
        correlate(filters, k, padW, work2);
        correlateAdjointAdd(filters, k, work2, -eta, gr, o);
      }
    }
    return new double[] {gEta, gLambda};
  }

  /**
   * {@code g[at + b] −= η · s_b}, b = 0 .. s − 1, with {@code s_b = Σ_i Σ_j (R[i + a − c, j + b − c] (A_k w)[i, j] +
   * w[i + a − c, j + b − c] (A_k R)[i, j])} summed from 0 pixel by pixel in row-major order (R and w padded, A_k R in
   * {@link #work}, A_k w in {@link #work2}). Each s_b is one chain of additions in that order; for filter side 5
   * the five chains of a filter row advance together (independent, so they overlap), for other sides one tap at a
   * time.
   */
  private void filterRowGradient(int a, double eta, double[] g, int at) {
    switch (size) {
      case 5 -> {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int i = 0; i < height; i++) {
          int q = (i + a) * stride;
          int p = i * width;
          for (int j = 0; j < width; j++) {
            double ar = work[p + j];
            double aw = work2[p + j];
            int x = q + j;
            s0 += padSrc[x] * aw + padW[x] * ar;
            s1 += padSrc[x + 1] * aw + padW[x + 1] * ar;
            s2 += padSrc[x + 2] * aw + padW[x + 2] * ar;
            s3 += padSrc[x + 3] * aw + padW[x + 3] * ar;
            s4 += padSrc[x + 4] * aw + padW[x + 4] * ar;
          }
        }
        g[at] -= eta * s0;
        g[at + 1] -= eta * s1;
        g[at + 2] -= eta * s2;
        g[at + 3] -= eta * s3;
        g[at + 4] -= eta * s4;
      }
      default -> {
        for (int b = 0; b < size; b++) {
          double s = 0;
          for (int i = 0; i < height; i++) {
            int q = (i + a) * stride + b;
            int p = i * width;
            for (int j = 0; j < width; j++) {
              s += padSrc[q + j] * work2[p + j] + padW[q + j] * work[p + j];
            }
          }
          g[at + b] -= eta * s;
        }
      }
    }
  }

  /**
   * Writes {@code scale · src[offset ..]} (one image) into the interior of {@code dst}, an image padded by c on
   * every side (row stride {@code width + 2c}); the border, never written, stays zero.
   */
  private void pad(double[] src, int offset, double scale, double[] dst) {
    for (int i = 0; i < height; i++) {
      int d = (i + c) * stride + c;
      int s = offset + i * width;
      if (scale == 1.0) {
        System.arraycopy(src, s, dst, d, width);
      } else {
        for (int j = 0; j < width; j++) {
          dst[d + j] = scale * src[s + j];
        }
      }
    }
  }

  /**
   * {@code dst = f_k ⋆ src} (one image) from the padded source: pixel (i, j) sums its taps in order (a, b), each
   * term {@code f[a, b] · src[i + a − c, j + b − c]}, from 0; terms outside the image are exact zeros. The sums run
   * in {@link #plane}, over every padded position from the first pixel to the last (the border columns between rows
   * come along and are dropped), one filter row per pass, so the loops are long and the taps stay in order.
   */
  private void correlate(double[] filters, int k, double[] paddedSrc, double[] dst) {
    int base = k * size * size;
    int first = c * stride + c;
    int end = first + (height - 1) * stride + width;
    Arrays.fill(plane, first, end, 0.0);
    for (int a = 0; a < size; a++) {
      // position q reads source q + (a − c)·stride + (b − c), b = 0 .. s − 1 in order
      tapRow(filters, base + a * size, 1, paddedSrc, (a - c) * stride - c, first, end);
    }
    for (int i = 0; i < height; i++) {
      System.arraycopy(plane, first + i * stride, dst, i * width, width);
    }
  }

  /**
   * {@code dst[offset ..] += scale · f_kᵀ ⋆ src} (one image): the adjoint of {@link #correlate}. Pixel q receives
   * {@code f[a, b] · (scale · src[q − (a − c, b − c)])} for a, then b, descending, one term at a time: the order in
   * which scattering the source pixels in row-major order adds them. Runs in {@link #plane} like {@link #correlate}.
   */
  private void correlateAdjointAdd(double[] filters, int k, double[] src, double scale, double[] dst, int offset) {
    int base = k * size * size;
    pad(src, 0, scale, padY); // source pixel (i, j) at padded row i + c, column j + c
    int first = c * stride + c;
    int end = first + (height - 1) * stride + width;
    for (int i = 0; i < height; i++) {
      System.arraycopy(dst, offset + i * width, plane, first + i * stride, width);
    }
    for (int a = size - 1; a >= 0; a--) {
      // position q reads source q + (c − a)·stride + (c − b), b = s − 1 .. 0 in order: filter taps descending
      tapRow(filters, base + a * size + size - 1, -1, padY, (c - a) * stride - c, first, end);
    }
    for (int i = 0; i < height; i++) {
      System.arraycopy(plane, first + i * stride, dst, offset + i * width, width);
    }
  }

  /**
   * {@code plane[q] += f_0·src[q + off] + f_1·src[q + off + 1] + … } for q in [first, end), one addition at a time in
   * that order, with the s taps {@code f_t = filters[tap + t·step]}. Filter side 5 (the shipped one) runs as one pass
   * with the partial sum in a register; other sides one pass per tap (the same additions in the same order).
   */
  private void tapRow(double[] filters, int tap, int step, double[] src, int off, int first, int end) {
    double[] y = plane;
    switch (size) {
      case 5 -> {
        double f0 = filters[tap];
        double f1 = filters[tap + step];
        double f2 = filters[tap + 2 * step];
        double f3 = filters[tap + 3 * step];
        double f4 = filters[tap + 4 * step];
        for (int q = first; q < end; q++) {
          int p = q + off;
          double t = y[q];
          t += f0 * src[p];
          t += f1 * src[p + 1];
          t += f2 * src[p + 2];
          t += f3 * src[p + 3];
          t += f4 * src[p + 4];
          y[q] = t;
        }
      }
      default -> {
        for (int b = 0; b < size; b++) {
          double f = filters[tap + b * step];
          int o = off + b;
          for (int q = first; q < end; q++) {
            y[q] += f * src[q + o];
          }
        }
      }
    }
  }

  static double soft(double x, double lambda) {
    return x > lambda ? x - lambda : x < -lambda ? x + lambda : 0;
  }
}
