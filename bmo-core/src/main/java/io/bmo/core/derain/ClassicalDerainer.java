package io.bmo.core.derain;

import java.util.Arrays;

/**
 * The classical baseline: the deraining scheme with hand-set priors. From {@code B = O, R = 0}, each of
 * {@code stages} stages does
 * <pre>
 *   B ← B − α ∇J_TV(B)                       ({@link SmoothedTvStep})
 *   (B, R) ← prox of ½ τ ‖B + R − O‖²         ({@link DataStep}, unit weights)
 *   R ← max(0, soft(R − η Dᵀ_v D_v R, λ))     ({@link StreakStep} with the vertical difference D_v; rain is light)
 * </pre>
 * where the vertical difference filter penalises variation of R along near-vertical streaks. Invariant: a rain-free
 * constant image is a fixed point (∇J_TV = 0, the data residual is 0, R stays 0). One image at a time; not
 * thread-safe (holds workspaces).
 *
 * @param alpha TV step α ≥ 0
 * @param tau data step τ &gt; 0
 * @param eta streak step η ≥ 0
 * @param lambda streak threshold λ ≥ 0
 * @param stages number of stages ≥ 1
 * @param tvEps smoothing ε &gt; 0 of the TV
 */
public record ClassicalDerainer(double alpha, double tau, double eta, double lambda, int stages, double tvEps) {
  /** The 3×3 vertical difference filter: (f ⋆ R)[i, j] = R[i + 1, j] − R[i, j]. */
  private static final double[] VERTICAL_DIFFERENCE = {0, 0, 0, 0, -1, 0, 0, 1, 0};

  public ClassicalDerainer {
    if (!(alpha >= 0) || !(tau > 0) || !(eta >= 0) || !(lambda >= 0) || stages < 1 || !(tvEps > 0)) {
      throw new IllegalArgumentException("classical derainer needs alpha, eta, lambda >= 0, tau, tvEps > 0 and "
          + "stages >= 1, got " + this);
    }
  }

  /**
   * Derains one h×w image.
   *
   * @param o rainy image, not modified
   * @param b result background B. Modified.
   * @param r result streaks R. Modified.
   */
  public void derain(double[] o, int height, int width, double[] b, double[] r) {
    int n = height * width;
    SmoothedTvStep tv = new SmoothedTvStep(height, width, tvEps);
    StreakStep streak = new StreakStep(height, width, 3);
    double[] w = new double[n];
    double[] t = new double[n];
    Arrays.fill(w, 1.0);
    System.arraycopy(o, 0, b, 0, n);
    Arrays.fill(r, 0, n, 0.0);
    for (int s = 0; s < stages; s++) {
      tv.apply(b, alpha, t, 1);
      System.arraycopy(t, 0, b, 0, n);
      DataStep.apply(b, r, o, w, tau, b, r, n);
      streak.apply(r, VERTICAL_DIFFERENCE, eta, lambda, t, 1);
      for (int p = 0; p < n; p++) {
        r[p] = Math.max(0.0, t[p]);
      }
    }
  }
}
