package io.bmo.core.algorithms;

import java.io.Serializable;

/**
 * The method of adaptively inexact descent (MAID; Salehi, Mukherjee, Roberts, Ehrhardt) as implemented by
 * {@link MaidRunner}.
 *
 * @param lowerTolerance ε₀ &gt; 0, the starting (and loosest) lower-level accuracy ‖∇ₓE‖ ≤ ε
 * @param cgTolerance δ₀ ∈ (0, 1), the starting (and loosest) relative CG residual
 * @param tighten ν ∈ (0, 1): ε ← νε, δ ← νδ after a rejection
 * @param relax factor ≥ 1: ε ← min(ε₀, relax·ε), δ ← min(δ₀, relax·δ) after an acceptance (1 = never relax)
 * @param eta η ∈ (0, 1): the gradient is usable only when its error bound is &lt; (1 − η)‖z‖
 * @param armijo c ∈ (0, 1): sufficient decrease f̃(θ⁺) + e_f⁺ ≤ f̃(θ) − e_f − c‖θ⁺ − θ‖²/α
 * @param initialStep α₀ &gt; 0
 * @param backtrack ρ ∈ (0, 1): α ← ρα after a failed trial
 * @param maxBacktracks trials per line search, ≥ 1
 * @param stepGrowth ≥ 1: the next step starts from growth·α_accepted
 * @param minLowerTolerance floor of ε, &gt; 0 (rounding limits how small ε can usefully be)
 * @param minCgTolerance floor of δ, &gt; 0
 * @param maxRejections rejections allowed within one step before it reports a stall, ≥ 1
 * @param gradientTolerance g ≥ 0: the run has converged when a hypergradient z and its certified error bound e_z
 *     are both ≤ g, so ‖∇f(θ)‖ ≤ ‖z‖ + e_z ≤ 2g (0 = never stop on this test)
 */
public record MaidConfig(double lowerTolerance, double cgTolerance, double tighten, double relax, double eta,
    double armijo, double initialStep, double backtrack, int maxBacktracks, double stepGrowth,
    double minLowerTolerance, double minCgTolerance, int maxRejections, double gradientTolerance)
    implements Serializable {
  public MaidConfig {
    positive("lowerTolerance", lowerTolerance);
    open01("cgTolerance", cgTolerance);
    open01("tighten", tighten);
    if (!(relax >= 1) || Double.isInfinite(relax)) {
      throw new IllegalArgumentException("relax must be finite and >= 1, got " + relax);
    }
    open01("eta", eta);
    open01("armijo", armijo);
    positive("initialStep", initialStep);
    open01("backtrack", backtrack);
    if (maxBacktracks < 1 || maxRejections < 1) {
      throw new IllegalArgumentException("maxBacktracks and maxRejections must be >= 1, got " + maxBacktracks + ", "
          + maxRejections);
    }
    if (!(stepGrowth >= 1) || Double.isInfinite(stepGrowth)) {
      throw new IllegalArgumentException("stepGrowth must be finite and >= 1, got " + stepGrowth);
    }
    positive("minLowerTolerance", minLowerTolerance);
    positive("minCgTolerance", minCgTolerance);
    if (minLowerTolerance > lowerTolerance || minCgTolerance > cgTolerance) {
      throw new IllegalArgumentException("tolerance floors must not exceed the starting tolerances");
    }
    if (!(gradientTolerance >= 0) || Double.isInfinite(gradientTolerance)) {
      throw new IllegalArgumentException("gradientTolerance must be finite and >= 0, got " + gradientTolerance);
    }
  }

  /**
   * Defaults: ν = 0.5, relax 1.25, η = 0.1, c = 1e-4, ρ = 0.5, 20 backtracks, growth 2, floors 1e-14 / 1e-14,
   * 60 rejections per step, no stationarity stop (g = 0).
   */
  public static MaidConfig defaults(double lowerTolerance, double cgTolerance, double initialStep) {
    return new MaidConfig(lowerTolerance, cgTolerance, 0.5, 1.25, 0.1, 1e-4, initialStep, 0.5, 20, 2.0,
        Math.min(1e-14, lowerTolerance), Math.min(1e-14, cgTolerance), 60, 0.0);
  }

  /** The same settings with the stationarity tolerance g (see the record doc). */
  public MaidConfig withGradientTolerance(double g) {
    return new MaidConfig(lowerTolerance, cgTolerance, tighten, relax, eta, armijo, initialStep, backtrack,
        maxBacktracks, stepGrowth, minLowerTolerance, minCgTolerance, maxRejections, g);
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
  }

  private static void open01(String name, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), got " + v);
    }
  }
}
