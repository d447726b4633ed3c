package io.bmo.core.hypergrad;

import io.bmo.core.solver.BmoConfig;
import java.io.Serializable;
import java.util.Locale;

/**
 * How dℓ(u^K(ω))/dω is computed (a strategy chosen in config, not a second copy of the solver).
 * <ul>
 *   <li>{@link Reverse}: exact reverse-mode differentiation of the unrolled K steps, from the compressed tape of
 *       all steps or, with {@code snapshots ≥ 0}, by binomial checkpointing (same bits, less memory, more time).</li>
 *   <li>{@link Truncated}: reverse mode through the last J steps only (earlier iterates treated as constants).</li>
 *   <li>{@link Implicit}: implicit function theorem at the fixed point u* = Φ(u*) of the μ = 0 step
 *       Φ(u) = Proj((1−α)u + α·T(u)): solve (I − ∂Φ/∂u)ᵀ v = ∇ℓ(u^K) to a relative tolerance, then
 *       g = (∂Φ/∂ω)ᵀ v. Valid only for μ = 0 and a map that does not change with the layer.</li>
 * </ul>
 */
public sealed interface HypergradientMethod extends Serializable {
  /**
   * Exact unrolled reverse mode.
   *
   * @param snapshots {@link #FULL_TAPE} (−1) keeps the compressed tape of all K steps (fastest); S ≥ 0 keeps at most
   *     S dense iterates and one step's tape and recomputes the rest ({@link CheckpointSchedule}); the gradient is
   *     the same bits either way
   */
  record Reverse(int snapshots) implements HypergradientMethod {
    /** Keep every step's tape. */
    public static final int FULL_TAPE = -1;

    public Reverse {
      if (snapshots < FULL_TAPE) {
        throw new IllegalArgumentException("snapshots must be -1 (full tape) or >= 0, got " + snapshots);
      }
    }

    public Reverse() {
      this(FULL_TAPE);
    }

    public boolean checkpointed() {
      return snapshots != FULL_TAPE;
    }
  }

  /** Reverse mode through the last {@code steps} steps. */
  record Truncated(int steps) implements HypergradientMethod {
    public Truncated {
      if (steps < 1) {
        throw new IllegalArgumentException("truncate must be >= 1, got " + steps);
      }
    }
  }

  /** Implicit differentiation; {@code solver} solves the adjoint system to {@code tol}. */
  record Implicit(double tol, int maxIterations, AdjointSolverKind solver) implements HypergradientMethod {
    public Implicit {
      if (!(tol > 0.0 && tol < 1.0)) {
        throw new IllegalArgumentException("tol must be in (0, 1), got " + tol);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("max iterations must be >= 1, got " + maxIterations);
      }
      if (solver == null) {
        solver = AdjointSolverKind.FIXED_POINT;
      }
    }
  }

  /** Solvers for the (generally non-symmetric) adjoint system (I − Jᵀ) v = g. */
  enum AdjointSolverKind { FIXED_POINT, GMRES }

  /**
   * Parses a method name ({@code reverse}, {@code truncated}, {@code implicit}).
   *
   * @param truncate J for {@code truncated}
   * @param tol tolerance for {@code implicit}
   * @param maxIterations iteration cap for {@code implicit}
   */
  static HypergradientMethod parse(String name, int truncate, double tol, int maxIterations, String solver) {
    return parse(name, truncate, tol, maxIterations, solver, Reverse.FULL_TAPE);
  }

  /**
   * As {@link #parse(String, int, double, int, String)}, with the snapshot budget of {@code reverse}.
   *
   * @param snapshots −1 (full tape) or S ≥ 0; anything else than −1 is refused for the other methods
   */
  static HypergradientMethod parse(String name, int truncate, double tol, int maxIterations, String solver,
      int snapshots) {
    String k = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!k.equals("reverse") && snapshots != Reverse.FULL_TAPE) {
      throw new IllegalArgumentException("snapshots = " + snapshots + " applies to method reverse only (method is '"
          + name + "'; use -1)");
    }
    return switch (k) {
      case "reverse" -> new Reverse(snapshots);
      case "truncated" -> new Truncated(truncate);
      case "implicit" -> new Implicit(tol, maxIterations, parseSolver(solver));
      default -> throw new IllegalArgumentException(
          "unknown hypergradient method '" + name + "' (expected reverse, truncated, implicit)");
    };
  }

  private static AdjointSolverKind parseSolver(String s) {
    String k = s == null ? "fixed-point" : s.trim().toLowerCase(Locale.ROOT);
    return switch (k) {
      case "fixed-point", "fixedpoint", "" -> AdjointSolverKind.FIXED_POINT;
      case "gmres" -> AdjointSolverKind.GMRES;
      default -> throw new IllegalArgumentException("unknown adjoint solver '" + s + "' (expected fixed-point, gmres)");
    };
  }

  /**
   * Refuses unsupported combinations with the reason.
   *
   * @param cfg the inner loop
   * @param layerwise whether the map's parameters change per layer
   * @throws IllegalArgumentException naming the problem
   */
  default void validate(BmoConfig cfg, boolean layerwise) {
    if (this instanceof Truncated t && t.steps() > cfg.layers()) {
      throw new IllegalArgumentException("truncate = " + t.steps() + " exceeds layers = " + cfg.layers());
    }
    if (this instanceof Implicit) {
      if (cfg.mu() != 0.0) {
        throw new IllegalArgumentException("method implicit needs mu = 0: with mu > 0 the iteration depends on the"
            + " target x and has no parameter fixed point to differentiate (got mu = " + cfg.mu() + ")");
      }
      if (layerwise) {
        throw new IllegalArgumentException("method implicit is not defined for a layer-wise model: its steps differ,"
            + " so there is no single fixed-point map (use reverse or truncated)");
      }
    }
  }

  /** Short name as used in configs. */
  default String id() {
    if (this instanceof Reverse) {
      return "reverse";
    }
    return this instanceof Truncated ? "truncated" : "implicit";
  }
}
