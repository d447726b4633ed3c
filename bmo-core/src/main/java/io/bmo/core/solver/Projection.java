package io.bmo.core.solver;

import java.io.Serializable;
import java.util.Locale;

/**
 * The constraint set U of the inner iterates and its Euclidean projection: ℝⁿ ({@link Kind#NONE}),
 * the non-negative orthant ({@link Kind#NONNEG}) or a box [lo, hi]ⁿ ({@link Kind#BOX}).
 * The projection's Jacobian is the diagonal 0/1 mask of coordinates strictly inside the set.
 */
public record Projection(Kind kind, double lo, double hi) implements Serializable {
  /** Constraint kinds. */
  public enum Kind { NONE, NONNEG, BOX }

  public static final Projection NONE = new Projection(Kind.NONE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  public static final Projection NONNEG = new Projection(Kind.NONNEG, 0.0, Double.POSITIVE_INFINITY);

  public Projection {
    if (kind == null) {
      throw new IllegalArgumentException("projection kind must be given");
    }
    if (kind == Kind.BOX && !(lo < hi)) {
      throw new IllegalArgumentException("projection box needs lo < hi, got [" + lo + ", " + hi + "]");
    }
  }

  /** A box [lo, hi]. */
  public static Projection box(double lo, double hi) {
    return new Projection(Kind.BOX, lo, hi);
  }

  /** Parses {@code none}, {@code nonneg} or {@code box} (the latter with the given bounds). */
  public static Projection parse(String s, double lo, double hi) {
    return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
      case "none", "" -> NONE;
      case "nonneg" -> NONNEG;
      case "box" -> box(lo, hi);
      default -> throw new IllegalArgumentException("unknown projection '" + s + "' (expected none, nonneg, box)");
    };
  }

  /** Projects one coordinate. */
  public double apply(double y) {
    return switch (kind) {
      case NONE -> y;
      case NONNEG -> y > 0.0 ? y : 0.0;
      case BOX -> y < lo ? lo : (y > hi ? hi : y);
    };
  }

  /** Whether the projection's derivative at y is 1 (y strictly inside or unconstrained). */
  public boolean passes(double y) {
    return switch (kind) {
      case NONE -> true;
      case NONNEG -> y > 0.0;
      case BOX -> y > lo && y < hi;
    };
  }

  public String id() {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
