package io.bmo.bench;

import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.operator.Spectral;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;

/**
 * The benchmark problem, the defaults of {@code conf/sparse-coding.conf}: synthetic LISTA data (m = 250, n = 500,
 * p = 0.1, noiseless, seed 1), ω at its configured start (θ = 0.1/L, s = 1/L, W = A), BMO with μ = 0.2, β = 0.5,
 * α = 1 (row P3) and K = 16.
 */
final class Instance {
  static final int M = SparseCodingSpec.DEFAULT_M;
  static final int N = SparseCodingSpec.DEFAULT_N;
  static final int LAYERS = 16;
  static final double MU = 0.2;
  static final double BETA = 0.5;
  static final double ALPHA = 1.0;
  static final double LAMBDA0 = 0.1;
  static final double STEP0 = 1.0;

  final SparseCodingGenerator generator = new SparseCodingGenerator(SparseCodingSpec.defaults(1));
  final double[] dictionary = generator.dictionary();
  final double lipschitz = Spectral.lipschitz(dictionary, M, N);

  static BmoConfig inner(int layers) {
    return new BmoConfig(layers, MU, BETA, ALPHA, Projection.NONE);
  }

  /** The initial ω of {@code model} (θ = λ₀/L, s = step0/L, W = A). */
  double[] omega(SparseModel model, int layers) {
    return new SparseCodingMap(model, dictionary, M, N, layers).initialOmega(LAMBDA0 / lipschitz, STEP0 / lipschitz);
  }

  /** Examples 0..cols−1 as column-major blocks: {b (m×cols), x (n×cols)}. */
  double[][] block(int cols) {
    double[] b = new double[M * cols];
    double[] x = new double[N * cols];
    generator.block(0, cols, b, x);
    return new double[][] {b, x};
  }
}
