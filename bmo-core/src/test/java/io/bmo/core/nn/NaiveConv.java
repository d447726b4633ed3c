package io.bmo.core.nn;

/** Slow reference convolutions for the tests: nested loops straight from the formula, no lowering. */
final class NaiveConv {
  private NaiveConv() {}

  /** Offset of pixel (c, b, i, j) of a channel-major block, or −1 outside the image under zero padding. */
  static int at(Padding pad, int images, int h, int w, int c, int b, int i, int j) {
    if (pad == Padding.CIRCULAR) {
      i = Math.floorMod(i, h);
      j = Math.floorMod(j, w);
    } else if (i < 0 || i >= h || j < 0 || j >= w) {
      return -1;
    }
    return c * images * h * w + b * h * w + i * w + j;
  }

  /**
   * {@code z_o(b, i, j) = bias_o + Σ_{c,a,e} W[o][c][a][e] x_c(b, i + (a − r)d, j + (e − r)d)}: seven nested loops
   * over b, o, i, j, c, a, e.
   */
  static double[] conv(Padding pad, int k, int d, int h, int w, int cin, int cout, int images, double[] wt,
      int wOff, double[] bias, int bOff, double[] x) {
    int r = (k - 1) / 2;
    double[] z = new double[cout * images * h * w];
    for (int b = 0; b < images; b++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double s = bias[bOff + o];
            for (int c = 0; c < cin; c++) {
              for (int a = 0; a < k; a++) {
                for (int e = 0; e < k; e++) {
                  int p = at(pad, images, h, w, c, b, i + (a - r) * d, j + (e - r) * d);
                  if (p >= 0) {
                    s += wt[wOff + ((o * cin + c) * k + a) * k + e] * x[p];
                  }
                }
              }
            }
            z[at(pad, images, h, w, o, b, i, j)] = s;
          }
        }
      }
    }
    return z;
  }

  /**
   * The denoiser from its definition: layer by layer with {@link #conv}, ReLU between layers, output x − f.
   *
   * @param preActivations when not null, receives the pre-ReLU values of every hidden layer (for kink margins)
   */
  static double[] denoise(ConvNetSpec spec, int h, int w, int images, double[] params, double[] x, double[] sigma,
      java.util.List<double[]> preActivations) {
    int n = images * h * w;
    double[] a = new double[spec.inputChannels() * n];
    System.arraycopy(x, 0, a, 0, n);
    if (spec.noiseLevelInput()) {
      for (int p = 0; p < n; p++) {
        a[n + p] = sigma.length == n ? sigma[p] : sigma[p / (h * w)]; // a per-pixel guide, or σ per image
      }
    }
    for (int l = 0; l < spec.depth(); l++) {
      double[] z = conv(spec.padding(), spec.kernel(), spec.dilation(l), h, w, spec.inChannels(l),
          spec.outChannels(l), images, params, spec.weightOffset(l), params, spec.biasOffset(l), a);
      if (spec.relu(l)) {
        if (preActivations != null) {
          preActivations.add(z.clone());
        }
        for (int p = 0; p < z.length; p++) {
          z[p] = Math.max(z[p], 0.0);
        }
      }
      a = z;
    }
    double[] out = new double[n];
    for (int p = 0; p < n; p++) {
      out[p] = x[p] - a[p];
    }
    return out;
  }
}
