package io.bmo.core.sparsecoding;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.param.ParamLayout;

/**
 * The parameters of a {@link SparseCodingMap} outside its hot loop: the layout of ω (θ per distinct layer, s when the
 * model has a step, W for LISTA-tied (m, n) and LISTA-CPSS (K·m, n), row-major), the fixed matrices the map
 * multiplies by (M = WᵀA for ALISTA, the Gram matrix AᵀA when W = A) and ω₀.
 */
final class SparseCodingWeights {
  private SparseCodingWeights() {}

  /** @param layers distinct layers (K for the layer-wise models, else 1) */
  static ParamLayout layout(SparseModel model, int layers, int m, int n) {
    ParamLayout.Builder lb = ParamLayout.builder().add("theta", layers);
    if (model.hasStep()) {
      lb.add("step", layers);
    }
    if (model == SparseModel.LISTA_TIED) {
      lb.add("W", m, n);
    } else if (model == SparseModel.LISTA_CPSS) {
      lb.add("W", layers * m, n); // W_k = rows k·m .. (k+1)·m − 1 (omega files are matrices)
    }
    return lb.build();
  }

  /**
   * The matrices fixed at construction: the Gram matrix AᵀA into {@code gram} when W = A; for ALISTA its W
   * (computed from A unless given) as Wᵀ into {@code wt} and M = WᵀA into {@code gram}. Models that learn W
   * get theirs on every bind ({@link LearnedWeights}).
   *
   * @param a A, m×n column-major
   * @param fixedW ALISTA only: W (m×n column-major), or null to compute it
   */
  static void fixed(BLAS blas, SparseModel model, double[] a, int m, int n, double[] fixedW, double[] gram,
      double[] wt) {
    if (!model.ownW()) {
      blas.dgemm("T", "N", n, n, m, 1.0, a, m, a, m, 0.0, gram, n);
    } else if (model == SparseModel.ALISTA) {
      double[] w = fixedW != null ? fixedW : AlistaWeights.compute(a, m, n);
      if (w.length != m * n) {
        throw new IllegalArgumentException("ALISTA W has " + w.length + " entries, expected m*n = " + m * n);
      }
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < n; c++) {
          wt[c + r * n] = w[r + c * m];
        }
      }
      blas.dgemm("N", "N", n, n, m, 1.0, wt, n, a, m, 0.0, gram, n);
    }
  }

  /**
   * ω₀: θ = theta0 and s = step0 in every layer; W = A for LISTA-tied, W_k = step0·A for LISTA-CPSS (so that its
   * first iterate equals ISTA's with step step0).
   */
  static double[] initialOmega(SparseModel model, ParamLayout layout, int layers, double[] a, int m, int n,
      double theta0, double step0) {
    double[] w = new double[layout.size()];
    int thetaOff = layout.offset("theta");
    int stepOff = model.hasStep() ? layout.offset("step") : -1;
    for (int l = 0; l < layers; l++) {
      w[thetaOff + l] = theta0;
      if (stepOff >= 0) {
        w[stepOff + l] = step0;
      }
    }
    if (model.learnsW()) {
      int wOff = layout.offset("W");
      int copies = model == SparseModel.LISTA_CPSS ? layers : 1;
      double scale = model == SparseModel.LISTA_CPSS ? step0 : 1.0;
      for (int k = 0; k < copies; k++) {
        int off = wOff + k * m * n;
        for (int r = 0; r < m; r++) {
          for (int c = 0; c < n; c++) {
            w[off + r * n + c] = model == SparseModel.LISTA_CPSS ? scale * a[r + c * m] : a[r + c * m];
          }
        }
      }
    }
    return w;
  }
}
