package io.bmo.core.sparsecoding;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.AlistaWeights;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SupportSelection;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.UnrolledObjective;
import java.io.Serializable;

/**
 * Everything needed to build a {@link UnrolledObjective} on any JVM: the model, the dictionary A (m×n
 * column-major), the inner loop, the hypergradient method and the support selection. For ALISTA the analytic W
 * ({@link AlistaWeights}) is computed once here, where the problem is built (the driver), and travels with it, so
 * every executor uses the same W without recomputing it. Validates the combination on construction: support
 * selection makes the map depend on the layer, like a layer-wise model, so it excludes the implicit method.
 *
 * @param alistaW ALISTA's W (m×n column-major); null for other models (computed when null for ALISTA)
 */
public record SparseCodingProblem(SparseModel model, double[] dictionary, int m, int n, BmoConfig inner,
    HypergradientMethod method, SupportSelection support, double[] alistaW) implements Serializable {
  public SparseCodingProblem {
    if (dictionary.length != (long) m * n) {
      throw new IllegalArgumentException("dictionary has " + dictionary.length + " entries, expected m*n = " + m * n);
    }
    if (support == null) {
      support = SupportSelection.OFF;
    }
    method.validate(inner, model.layerwise() || support.enabled());
    if (model == SparseModel.ALISTA && alistaW == null) {
      alistaW = AlistaWeights.compute(dictionary, m, n);
    }
  }

  /** Without support selection. */
  public SparseCodingProblem(SparseModel model, double[] dictionary, int m, int n, BmoConfig inner,
      HypergradientMethod method) {
    this(model, dictionary, m, n, inner, method, SupportSelection.OFF, null);
  }

  /** A fresh objective with its own workspaces (one per thread or task). */
  public UnrolledObjective objective() {
    return new UnrolledObjective(map(), inner, method);
  }

  /** A map instance (e.g. for layouts and initial ω). */
  public SparseCodingMap map() {
    return new SparseCodingMap(model, dictionary, m, n, inner.layers(), support, alistaW);
  }
}
