package io.bmo.core.sparsecoding;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.blas.Blas;
import io.bmo.core.problem.Block;

/**
 * Classical baselines for sparse coding with a hand-set λ (no learning): K iterations of ISTA or FISTA (Beck &amp;
 * Teboulle 2009) on the LASSO ½‖Au − b‖² + λ‖u‖₁ with step 1/L, from u⁰ = 0, batched over a block in Gram form
 * (one n×n×B DGEMM per iteration). FISTA: u^k = S_{λ/L}(y − (1/L)(AᵀA y − Aᵀb)), t_{k+1} = (1 + √(1 + 4t_k²))/2,
 * y ← u^k + ((t_k − 1)/t_{k+1})(u^k − u^{k−1}). Not thread-safe.
 */
public final class FistaBaseline {
  private final int m;
  private final int n;
  private final double[] a;
  private final double[] gram;
  private final double lipschitz;
  private final BLAS blas = Blas.get();

  /** @param a dictionary m×n column-major (not copied) */
  public FistaBaseline(double[] a, int m, int n, double lipschitz) {
    this.m = m;
    this.n = n;
    this.a = a;
    this.lipschitz = lipschitz;
    this.gram = new double[n * n];
    blas.dgemm("T", "N", n, n, m, 1.0, a, m, a, m, 0.0, gram, n);
  }

  /**
   * Runs the iteration on a block and adds Σ‖u^K − x‖² and Σ‖x‖² into {@code out[j]} for each depth K in
   * {@code depths} (ascending).
   *
   * @param accelerated FISTA (true) or ISTA (false)
   */
  public void evaluate(Block block, double lambda, boolean accelerated, int[] depths, double[][] out) {
    int cols = block.cols();
    int size = n * cols;
    double[] c = new double[size];
    blas.dgemm("T", "N", n, cols, m, 1.0, a, m, block.b(), m, 0.0, c, n);
    double[] u = new double[size];
    double[] prev = new double[size];
    double[] y = new double[size];
    double[] z = new double[size];
    double th = lambda / lipschitz;
    double s = 1.0 / lipschitz;
    double t = 1.0;
    int j = 0;
    for (int k = 1; j < depths.length; k++) {
      System.arraycopy(y, 0, z, 0, size);
      blas.dgemm("N", "N", n, cols, n, -s, gram, n, y, n, 1.0, z, n);
      double[] tmp = prev;
      prev = u;
      u = tmp;
      for (int i = 0; i < size; i++) {
        double zi = z[i] + s * c[i];
        double mag = Math.abs(zi) - th;
        u[i] = mag > 0 ? (zi < 0 ? -mag : mag) : 0.0;
      }
      double tNext = accelerated ? (1 + Math.sqrt(1 + 4 * t * t)) / 2 : 1.0;
      double beta = accelerated ? (t - 1) / tNext : 0.0;
      for (int i = 0; i < size; i++) {
        y[i] = u[i] + beta * (u[i] - prev[i]);
      }
      t = tNext;
      if (k == depths[j]) {
        double se = 0;
        double xn = 0;
        double[] x = block.x();
        for (int i = 0; i < size; i++) {
          double r = u[i] - x[i];
          se += r * r;
          xn += x[i] * x[i];
        }
        out[j][0] += se;
        out[j][1] += xn;
        j++;
      }
    }
  }
}
