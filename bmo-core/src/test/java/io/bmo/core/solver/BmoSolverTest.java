package io.bmo.core.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.TestData;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import org.junit.jupiter.api.Test;

/** The solver's step change and resume, against copies of the iterates taken by hand. */
class BmoSolverTest {
  static final int M = 8;
  static final int N = 16;
  static final int COLS = 3;
  static final int K = 5;

  private static BmoSolver solver(BmoConfig cfg, double[][] bx) {
    double[] a = TestData.dictionary(M, N, 3);
    SparseCodingMap map = new SparseCodingMap(SparseModel.ISTA_LAYERWISE, a, M, N, K);
    map.bind(map.initialOmega(0.05, 0.9 / TestData.lipschitz(a, M, N)));
    map.bindBlock(bx[0], COLS);
    return new BmoSolver(map, cfg);
  }

  @Test
  void lastChangeIsTheNormOfTheStep() {
    double[][] bx = TestData.pairs(TestData.dictionary(M, N, 3), M, N, COLS, 0.3, 4);
    for (BmoConfig cfg : new BmoConfig[] {new BmoConfig(K, 0.2, 0.5, 0.9, Projection.NONE),
        new BmoConfig(K, 0.3, 0.5, 0.8, Projection.box(-0.6, 0.8))}) {
      BmoSolver s = solver(cfg, bx);
      s.init(bx[1], COLS, K + 1);
      assertThrows(IllegalStateException.class, s::lastChange);
      for (int k = 1; k <= K; k++) {
        double[] before = s.iterate().clone();
        assertEquals(k, s.step().iteration());
        double ch = 0;
        for (int i = 0; i < before.length; i++) {
          double d = s.iterate()[i] - before[i];
          ch += d * d;
        }
        assertEquals(Math.sqrt(ch), s.lastChange(), 0.0, cfg + " step " + k);
      }
    }
  }

  @Test
  void resumeFromAStoredIterateRepeatsTheSameSteps() {
    double[][] bx = TestData.pairs(TestData.dictionary(M, N, 3), M, N, COLS, 0.3, 4);
    BmoSolver s = solver(new BmoConfig(K, 0.2, 0.5, 1.0, Projection.NONNEG), bx);
    s.init(bx[1], COLS, K + 1);
    s.step();
    s.step();
    double[] u2 = s.iterate().clone();
    s.run();
    double[] uK = s.iterate().clone();
    s.resume(2, u2, K + 1);
    assertThrows(IllegalStateException.class, s::lastChange);
    assertEquals(K, s.run().iteration());
    assertArrayEquals(uK, s.iterate(), 0.0);
  }
}
