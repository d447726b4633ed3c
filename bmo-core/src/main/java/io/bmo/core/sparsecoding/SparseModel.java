package io.bmo.core.sparsecoding;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sparse-coding models, with T(u) = S_θ(u − s·Wᵀ(Au − b)) and S_θ(z) = sign(z)·max(|z| − θ, 0).
 *
 * <ul>
 *   <li>{@link #ISTA}: ω = (θ, s) scalars, W = A.</li>
 *   <li>{@link #ISTA_LAYERWISE}: ω = (θ_1..θ_K, s_1..s_K); step k uses (θ_k, s_k), W = A.</li>
 *   <li>{@link #LISTA_TIED}: ω = (W ∈ ℝ^{m×n}, θ, s), W initialised to A.</li>
 *   <li>{@link #ALISTA}: ω = (θ_1..θ_K, s_1..s_K); W fixed, computed once from A by {@link AlistaWeights}
 *       (off-diagonal ‖WᵀA‖_F minimal subject to diag(WᵀA) = 1).</li>
 *   <li>{@link #LISTA_CPSS}: ω = (θ_1..θ_K, W_1..W_K), coupled form T_k(u) = S_θk(u − W_kᵀ(Au − b)) (no step;
 *       W_k initialised to s₀·A).</li>
 * </ul>
 * Every model may add support selection ({@link SupportSelection}).
 */
public enum SparseModel {
  ISTA("ista"),
  ISTA_LAYERWISE("ista-layerwise"),
  LISTA_TIED("lista-tied"),
  ALISTA("alista"),
  LISTA_CPSS("lista-cpss");

  private final String id;

  SparseModel(String id) {
    this.id = id;
  }

  /** The name used in configs and on the command line. */
  public String id() {
    return id;
  }

  /** Whether the parameters differ per layer (such models cannot be differentiated implicitly). */
  public boolean layerwise() {
    return this == ISTA_LAYERWISE || this == ALISTA || this == LISTA_CPSS;
  }

  /** Whether W (one, or one per layer) is part of ω. */
  public boolean learnsW() {
    return this == LISTA_TIED || this == LISTA_CPSS;
  }

  /** Whether ω has a step block s (every model but the coupled {@link #LISTA_CPSS}). */
  public boolean hasStep() {
    return this != LISTA_CPSS;
  }

  /** Whether W differs from A (then M = WᵀA is not symmetric and is applied transposed in the adjoint). */
  public boolean ownW() {
    return this == LISTA_TIED || this == ALISTA || this == LISTA_CPSS;
  }

  /** Parses a config/CLI name; the error names the bad value and the accepted ones. */
  public static SparseModel parse(String s) {
    String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (SparseModel m : values()) {
      if (m.id.equals(k)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "' (expected one of "
        + Arrays.stream(values()).map(SparseModel::id).collect(Collectors.joining(", ")) + ")");
  }
}
