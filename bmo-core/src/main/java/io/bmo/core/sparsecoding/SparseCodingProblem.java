package io.bmo.core.sparsecoding;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.UnrolledObjective;
import java.io.Serializable;

/**
 * Everything needed to build an {@link UnrolledObjective} on any JVM: the model, the dictionary A (m×n
 * column-major), the inner loop and the hypergradient method. Validates the combination on construction.
 */
public record SparseCodingProblem(SparseModel model, double[] dictionary, int m, int n, BmoConfig inner,
    HypergradientMethod method) implements Serializable {
  public SparseCodingProblem {
    if (dictionary.length != (long) m * n) {
      throw new IllegalArgumentException("dictionary has " + dictionary.length + " entries, expected m*n = " + m * n);
    }
    method.validate(inner, model.layerwise());
  }

  /** A fresh objective with its own workspaces (one per thread or task). */
  public UnrolledObjective objective() {
    return new UnrolledObjective(new SparseCodingMap(model, dictionary, m, n, inner.layers()), inner, method);
  }

  /** A map instance (e.g. for layouts and initial ω). */
  public SparseCodingMap map() {
    return new SparseCodingMap(model, dictionary, m, n, inner.layers());
  }
}
