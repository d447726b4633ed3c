package io.bmo.core.deconv;

import java.util.Random;

/** Slow independent paths for the deconvolution tests: naive loops, dense matrices and a plain dense solver. */
final class Dense {
  private Dense() {}

  static double[] random(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextDouble();
    }
    return v;
  }

  /** A random kernel of odd size with positive taps summing to 1. */
  static BlurKernel randomKernel(Random rnd, int rows, int cols) {
    double[] t = random(rnd, rows * cols);
    double s = 0;
    for (double v : t) {
      s += v;
    }
    for (int i = 0; i < t.length; i++) {
      t[i] /= s;
    }
    return new BlurKernel(rows, cols, t);
  }

  /** {@code (k ∗ x)(i, j) = Σ_{a,b} k[a, b] x((i − a + rows/2) mod H, (j − b + cols/2) mod W)}, literally. */
  static double[] blur(BlurKernel k, double[] x, int h, int w) {
    double[] y = new double[h * w];
    int rh = k.rows() / 2;
    int rw = k.cols() / 2;
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double s = 0;
        for (int a = 0; a < k.rows(); a++) {
          for (int b = 0; b < k.cols(); b++) {
            s += k.tap(a, b) * x[Math.floorMod(i - a + rh, h) * w + Math.floorMod(j - b + rw, w)];
          }
        }
        y[i * w + j] = s;
      }
    }
    return y;
  }

  /** The matrix M of the blur: column q is the blur of the q-th unit image. */
  static double[][] blurMatrix(BlurKernel k, int h, int w) {
    int n = h * w;
    double[][] m = new double[n][n];
    for (int q = 0; q < n; q++) {
      double[] e = new double[n];
      e[q] = 1;
      double[] col = blur(k, e, h, w);
      for (int p = 0; p < n; p++) {
        m[p][q] = col[p];
      }
    }
    return m;
  }

  /** Periodic forward differences stacked: rows then columns, a (2n × n) matrix. */
  static double[][] gradientMatrix(int h, int w) {
    int n = h * w;
    double[][] d = new double[2 * n][n];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int p = i * w + j;
        d[p][((i + 1) % h) * w + j] += 1;
        d[p][p] -= 1;
        d[n + p][i * w + (j + 1) % w] += 1;
        d[n + p][p] -= 1;
      }
    }
    return d;
  }

  static double[] mul(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int p = 0; p < a.length; p++) {
      for (int q = 0; q < x.length; q++) {
        y[p] += a[p][q] * x[q];
      }
    }
    return y;
  }

  static double[] mulT(double[][] a, double[] x) {
    double[] y = new double[a[0].length];
    for (int p = 0; p < a.length; p++) {
      for (int q = 0; q < y.length; q++) {
        y[q] += a[p][q] * x[p];
      }
    }
    return y;
  }

  /** {@code AᵀA} for an (m × n) matrix A. */
  static double[][] gram(double[][] a) {
    int n = a[0].length;
    double[][] g = new double[n][n];
    for (double[] row : a) {
      for (int p = 0; p < n; p++) {
        for (int q = 0; q < n; q++) {
          g[p][q] += row[p] * row[q];
        }
      }
    }
    return g;
  }

  /** Solves {@code A x = b} by Gaussian elimination with partial pivoting (A and b are copied). */
  static double[] solve(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      double[] tr = a[col];
      a[col] = a[piv];
      a[piv] = tr;
      double tb = b[col];
      b[col] = b[piv];
      b[piv] = tb;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= f * a[col][c];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
