package io.bmo.core.derain;

/**
 * The streak step from its definition with dense matrices, slowly: A_k built entry by entry as an n×n matrix, every
 * product a full matrix–vector product over all columns (zeros included) in index order. Column order is the order of
 * the filter taps for A_k x, and row order is the order in which the plain scatter adds A_kᵀ y, so the results are
 * those of plain loops bit for bit (zero entries add exact zeros); {@link StreakStep} must match it.
 */
final class DenseStreakStep {
  private final int height;
  private final int width;
  private final int size;

  DenseStreakStep(int height, int width, int size) {
    this.height = height;
    this.width = width;
    this.size = size;
  }

  /** Row p = (i, j) of A holds {@code f[a, b]} at column (i + a − c, j + b − c) when that pixel is in the image. */
  private double[][] matrix(double[] filters, int base) {
    int n = height * width;
    int c = size / 2;
    double[][] m = new double[n][n];
    for (int i = 0; i < height; i++) {
      for (int j = 0; j < width; j++) {
        for (int a = 0; a < size; a++) {
          for (int b = 0; b < size; b++) {
            int ii = i + a - c;
            int jj = j + b - c;
            if (ii >= 0 && ii < height && jj >= 0 && jj < width) {
              m[i * width + j][ii * width + jj] = filters[base + a * size + b];
            }
          }
        }
      }
    }
    return m;
  }

  /** The shift S_t of tap (a, b): A for the filter with a single 1 there, so (S_t x)[p] = x[p + t] or 0. */
  private double[][] shift(int a, int b) {
    double[] unit = new double[size * size];
    unit[a * size + b] = 1;
    return matrix(unit, 0);
  }

  private static double[] times(double[][] m, double[] x, int offset) {
    double[] y = new double[m.length];
    for (int p = 0; p < m.length; p++) {
      double s = 0;
      for (int q = 0; q < m.length; q++) {
        s += m[p][q] * x[offset + q];
      }
      y[p] = s;
    }
    return y;
  }

  /** dst[offset + q] += Σ_p m[p][q] · (scale · y[p]), the terms added one at a time in p order. */
  private static void transposeTimesAdd(double[][] m, double[] y, double scale, double[] dst, int offset) {
    for (int q = 0; q < m.length; q++) {
      double acc = dst[offset + q];
      for (int p = 0; p < m.length; p++) {
        acc += m[p][q] * (scale * y[p]);
      }
      dst[offset + q] = acc;
    }
  }

  void apply(double[] r, double[] filters, double eta, double lambda, double[] out, int images) {
    int n = height * width;
    int taps = size * size;
    for (int img = 0; img < images; img++) {
      int o = img * n;
      System.arraycopy(r, o, out, o, n);
      for (int k = 0; k < filters.length / taps; k++) {
        double[][] a = matrix(filters, k * taps);
        transposeTimesAdd(a, times(a, r, o), -eta, out, o);
      }
      for (int p = o; p < o + n; p++) {
        out[p] = StreakStep.soft(out[p], lambda);
      }
    }
  }

  double[] vjp(double[] r, double[] u, double[] filters, double eta, double lambda, double[] v, double[] gr,
      double[] gFilters, int images) {
    int n = height * width;
    int taps = size * size;
    double gEta = 0;
    double gLambda = 0;
    for (int img = 0; img < images; img++) {
      int o = img * n;
      double[] w = new double[n];
      for (int p = 0; p < n; p++) {
        w[p] = Math.abs(u[o + p]) > lambda ? v[o + p] : 0;
        gLambda -= Math.signum(u[o + p]) * w[p];
      }
      System.arraycopy(w, 0, gr, o, n);
      for (int k = 0; k < filters.length / taps; k++) {
        double[][] a = matrix(filters, k * taps);
        double[] ar = times(a, r, o);
        double[] aw = times(a, w, 0);
        for (int p = 0; p < n; p++) {
          gEta -= ar[p] * aw[p];
        }
        for (int t = 0; t < taps; t++) {
          double[][] s = shift(t / size, t % size);
          double[] sr = times(s, r, o);
          double[] sw = times(s, w, 0);
          double sum = 0;
          for (int p = 0; p < n; p++) {
            sum += sr[p] * aw[p] + sw[p] * ar[p];
          }
          gFilters[k * taps + t] -= eta * sum;
        }
      }
      for (int k = 0; k < filters.length / taps; k++) {
        double[][] a = matrix(filters, k * taps);
        transposeTimesAdd(a, times(a, w, 0), -eta, gr, o);
      }
    }
    return new double[] {gEta, gLambda};
  }
}
