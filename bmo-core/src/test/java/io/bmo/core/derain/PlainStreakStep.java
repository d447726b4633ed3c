package io.bmo.core.derain;

/**
 * The streak step as plain loops with bounds tests, pixel by pixel: the reference {@link StreakStep} must match bit
 * for bit.
 */
final class PlainStreakStep {
  private final int height;
  private final int width;
  private final int size;
  private final double[] work;
  private final double[] work2;

  /** @param size odd filter side s */
  PlainStreakStep(int height, int width, int size) {
    if (height < 1 || width < 1 || size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException("need positive size and odd filter side, got " + height + "x" + width
          + ", " + size);
    }
    this.height = height;
    this.width = width;
    this.size = size;
    this.work = new double[height * width];
    this.work2 = new double[height * width];
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
      for (int k = 0; k < filters.length / (size * size); k++) {
        correlate(filters, k, r, o, work);
        correlateAdjointAdd(filters, k, work, -eta, out, o);
      }
      for (int p = o; p < o + n; p++) {
        out[p] = StreakStep.soft(out[p], lambda);
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
    int c = size / 2;
    double gEta = 0;
    double gLambda = 0;
    for (int img = 0; img < images; img++) {
      int o = img * n;
      for (int p = o; p < o + n; p++) {
        double w = Math.abs(u[p]) > lambda ? v[p] : 0;
        gr[p] = w;
        gLambda -= Math.signum(u[p]) * w;
      }
      for (int k = 0; k < filters.length / taps; k++) {
        correlate(filters, k, r, o, work); // A_k R
        correlate(filters, k, gr, o, work2); // A_k w (gr holds w until the adjoint terms below are added)
        for (int p = 0; p < n; p++) {
          gEta -= work[p] * work2[p];
        }
        for (int a = 0; a < size; a++) {
          for (int b = 0; b < size; b++) {
            double s = 0;
            for (int i = 0; i < height; i++) {
              int ii = i + a - c;
              if (ii < 0 || ii >= height) {
                continue;
              }
              for (int j = 0; j < width; j++) {
                int jj = j + b - c;
                if (jj < 0 || jj >= width) {
                  continue;
                }
                s += r[o + ii * width + jj] * work2[i * width + j] + gr[o + ii * width + jj] * work[i * width + j];
              }
            }
            gFilters[k * taps + a * size + b] -= eta * s;
          }
        }
      }
      // gR = w − η Σ A_kᵀ A_k w: copy w out of gr, then add the adjoint terms into gr.
      System.arraycopy(gr, o, work, 0, n);
      for (int k = 0; k < filters.length / taps; k++) {
        correlate(filters, k, work, 0, work2);
        correlateAdjointAdd(filters, k, work2, -eta, gr, o);
      }
    }
    return new double[] {gEta, gLambda};
  }

  /** {@code dst = f_k ⋆ src[offset ..]} (one image). */
  private void correlate(double[] filters, int k, double[] src, int offset, double[] dst) {
    int c = size / 2;
    int base = k * size * size;
    for (int i = 0; i < height; i++) {
      for (int j = 0; j < width; j++) {
        double s = 0;
        for (int a = 0; a < size; a++) {
          int ii = i + a - c;
          if (ii < 0 || ii >= height) {
            continue;
          }
          for (int b = 0; b < size; b++) {
            int jj = j + b - c;
            if (jj >= 0 && jj < width) {
              s += filters[base + a * size + b] * src[offset + ii * width + jj];
            }
          }
        }
        dst[i * width + j] = s;
      }
    }
  }

  /** {@code dst[offset ..] += scale · f_kᵀ ⋆ src} (one image): the adjoint of {@link #correlate}. */
  private void correlateAdjointAdd(double[] filters, int k, double[] src, double scale, double[] dst, int offset) {
    int c = size / 2;
    int base = k * size * size;
    for (int i = 0; i < height; i++) {
      for (int j = 0; j < width; j++) {
        double y = scale * src[i * width + j];
        for (int a = 0; a < size; a++) {
          int ii = i + a - c;
          if (ii < 0 || ii >= height) {
            continue;
          }
          for (int b = 0; b < size; b++) {
            int jj = j + b - c;
            if (jj >= 0 && jj < width) {
              dst[offset + ii * width + jj] += filters[base + a * size + b] * y;
            }
          }
        }
      }
    }
  }

}
