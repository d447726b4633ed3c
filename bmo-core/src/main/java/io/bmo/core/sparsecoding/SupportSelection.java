package io.bmo.core.sparsecoding;

import java.io.Serializable;

/**
 * Support selection of the sparse-coding models (LISTA-CPSS): at layer k = 1, 2, … (0-based layer index l = k − 1)
 * the {@code c_k = ⌊p_k·n/100⌋} entries of each column's pre-threshold value z with the largest |z| pass
 * unthresholded when |z| > θ_k, with p_k = min(k·increment, max) percent:
 *
 * <pre>
 *   η(z)_i = z_i               if i ∈ S_k(z) and |z_i| > θ_k
 *          = S_θk(z_i)          otherwise
 * </pre>
 *
 * S_k(z) is the set of the c_k indices of largest |z_i|; ties at the c_k-th magnitude are broken towards the smaller
 * index, so the selection is a function of z alone (deterministic, independent of blocking). Derivatives: a passed
 * entry has ∂η/∂z = 1 and ∂η/∂θ = 0; the others those of S_θ. Layers past the configured ones continue the schedule
 * (p stays at max).
 *
 * <p>Invariants: {@code increment ≥ 0}, {@code 0 ≤ max ≤ 100}, both finite. Selection is off when either is 0
 * ({@link #OFF}); the map then runs its original kernels, bit for bit.
 *
 * @param increment percentage points added per layer
 * @param max largest percentage
 */
public record SupportSelection(double increment, double max) implements Serializable {
  /** No selection. */
  public static final SupportSelection OFF = new SupportSelection(0.0, 0.0);

  public SupportSelection {
    if (!(increment >= 0.0) || !Double.isFinite(increment)) {
      throw new IllegalArgumentException("support increment must be a finite percentage >= 0, got " + increment);
    }
    if (!(max >= 0.0 && max <= 100.0)) {
      throw new IllegalArgumentException("support max must be a percentage in [0, 100], got " + max);
    }
  }

  /** Whether any entry can ever be passed. */
  public boolean enabled() {
    return increment > 0.0 && max > 0.0;
  }

  /** p_k in percent at 0-based layer {@code layer}: min((layer + 1)·increment, max). */
  public double percent(int layer) {
    return Math.min((layer + 1) * increment, max);
  }

  /** c_k = ⌊p_k·n/100⌋ (with a 1e-9 guard so that e.g. 13 % of 500 is 65, not 64, after rounding). */
  public int count(int layer, int n) {
    if (!enabled()) {
      return 0;
    }
    return (int) Math.min(n, Math.floor(percent(layer) * n / 100.0 + 1e-9));
  }
}
