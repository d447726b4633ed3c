package io.bmo.core.sparsecoding;

import io.bmo.core.operator.Spectral;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.train.ExampleSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The classical reference of a sparse-coding run: ISTA and FISTA on A at the run's K with one λ each, chosen from a
 * grid on the first training examples, then scored on the test set (test NMSE in dB). No learning.
 */
final class BaselineTuning {
  private BaselineTuning() {}

  /** 40 values log-spaced in [1e-4, 1]. */
  static double[] defaultGrid() {
    double[] grid = new double[40];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = Math.pow(10, -4 + 4.0 * i / (grid.length - 1));
    }
    return grid;
  }

  /**
   * @param lipschitz the run's step unit; ALISTA's (‖WᵀA‖₂) is replaced by ‖A‖², since the baseline runs on A
   * @return {@code layers}, then {@code ista} and {@code fista} with {@code lambda}, {@code train_nmse_db},
   *     {@code test_nmse_db}
   */
  static Map<String, Object> run(SparseCodingProblem problem, double lipschitz, int layers, ExampleSource train,
      ExampleSource test, double[] grid, int tuneExamples, int blockSize, Consumer<String> log) {
    double lip = problem.model() == SparseModel.ALISTA
        ? Spectral.lipschitz(problem.dictionary(), problem.m(), problem.n()) : lipschitz;
    FistaBaseline fb = new FistaBaseline(problem.dictionary(), problem.m(), problem.n(), lip);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("layers", layers);
    for (boolean acc : new boolean[] {false, true}) {
      double best = Double.POSITIVE_INFINITY;
      double bestLambda = Double.NaN;
      for (double lam : grid) {
        double nmse = nmse(fb, train, Math.min(tuneExamples, train.size()), lam, acc, layers, blockSize);
        if (nmse < best) {
          best = nmse;
          bestLambda = lam;
        }
      }
      double testNmse = nmse(fb, test, test.size(), bestLambda, acc, layers, blockSize);
      String name = acc ? "fista" : "ista";
      log.accept(String.format(Locale.ROOT, "%s K=%d: best lambda %.4g (train NMSE %.2f dB), test NMSE %.2f dB", name,
          layers, bestLambda, best, testNmse));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lambda", bestLambda);
      m.put("train_nmse_db", best);
      m.put("test_nmse_db", testNmse);
      res.put(name, m);
    }
    return res;
  }

  private static double nmse(FistaBaseline fb, ExampleSource src, long count, double lambda, boolean acc, int k,
      int blockSize) {
    int m = src.signalDim();
    int n = src.codeDim();
    double[] b = new double[m * blockSize];
    double[] x = new double[n * blockSize];
    double[][] out = new double[1][2];
    for (long i = 0; i < count; i += blockSize) {
      int cols = (int) Math.min(blockSize, count - i);
      src.fill(i, cols, b, x);
      fb.evaluate(new Block(b, x, cols), lambda, acc, new int[] {k}, out);
    }
    return UnrolledObjective.nmseDb(out[0][0], out[0][1]);
  }
}
