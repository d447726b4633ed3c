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
    int s = spec.downsample();
    int gh = (h + s - 1) / s;
    int gw = (w + s - 1) / s;
    int m = images * gh * gw;
    double[] a = new double[spec.inputChannels() * m];
    // channel q·s² + a·s + e at grid pixel (i, j) of image b: input q (0 the image, 1 σ or the guide) at image pixel
    // (s·i + a, s·j + e), the last row or column repeated past the edge
    for (int q = 0; q < spec.inputChannels() / (s * s); q++) {
      for (int ph = 0; ph < s * s; ph++) {
        for (int b = 0; b < images; b++) {
          for (int i = 0; i < gh; i++) {
            for (int j = 0; j < gw; j++) {
              int r = Math.min(s * i + ph / s, h - 1);
              int c = Math.min(s * j + ph % s, w - 1);
              int p = b * h * w + r * w + c;
              a[(q * s * s + ph) * m + b * gh * gw + i * gw + j] = q == 0 ? x[p]
                  : sigma.length == n ? sigma[p] : sigma[b]; // a per-pixel guide, or σ per image
            }
          }
        }
      }
    }
    for (int l = 0; l < spec.depth(); l++) {
      double[] z = conv(spec.padding(), spec.kernel(), spec.dilation(l), gh, gw, spec.inChannels(l),
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
    for (int b = 0; b < images; b++) {
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          int ph = (r % s) * s + c % s;
          out[b * h * w + r * w + c] = x[b * h * w + r * w + c] - a[ph * m + b * gh * gw + (r / s) * gw + c / s];
        }
      }
    }
    return out;
  }
}
