package io.bmo.core.solver;

/** A linear map given only by its action: {@code out = A·v}. Implementations must not modify {@code v}. */
@FunctionalInterface
public interface LinearOperator {
  /**
   * @param v input vector, not modified
   * @param out where A·v is stored. Modified. Never aliases {@code v}.
   */
  void apply(double[] v, double[] out);
}
