package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.TestData;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.DepthEvaluation;
import io.bmo.core.solver.UnrolledObjective;
import org.junit.jupiter.api.Test;

/** The baseline's ISTA branch equals the ista model with θ = λ/L, s = 1/L; FISTA against a scalar loop. */
class FistaBaselineTest {
  @Test
  void istaBranchEqualsIstaModelAndFistaEqualsScalarLoop() {
    int m = 10;
    int n = 20;
    int cols = 3;
    double[] a = TestData.dictionary(m, n, 4);
    double[][] bx = TestData.pairs(a, m, n, cols, 0.2, 5);
    double lip = TestData.lipschitz(a, m, n);
    double lambda = 0.05;
    FistaBaseline fb = new FistaBaseline(a, m, n, lip);
    double[][] ista = new double[1][2];
    fb.evaluate(new Block(bx[0], bx[1], cols), lambda, false, new int[] {7}, ista);
    UnrolledObjective obj = new UnrolledObjective(new SparseCodingMap(SparseModel.ISTA, a, m, n, 7),
        BmoConfig.plain(7), new HypergradientMethod.Reverse());
    obj.bind(new double[] {lambda / lip, 1 / lip});
    double[][] ev = new double[1][DepthEvaluation.SIZE];
    obj.evaluate(new Block(bx[0], bx[1], cols), new int[] {7}, ev);
    assertEquals(DepthEvaluation.of(ev[0]).sqError(), ista[0][0], 1e-12);

    double[][] fista = new double[1][2];
    fb.evaluate(new Block(bx[0], bx[1], cols), lambda, true, new int[] {7}, fista);
    double se = 0;
    for (int c = 0; c < cols; c++) {
      double[] u = new double[n];
      double[] y = new double[n];
      double t = 1;
      for (int k = 0; k < 7; k++) {
        double[] next = new double[n];
        for (int j = 0; j < n; j++) {
          double g = 0;
          for (int i = 0; i < m; i++) {
            double r = -bx[0][i + c * m];
            for (int q = 0; q < n; q++) {
              r += a[i + q * m] * y[q];
            }
            g += a[i + j * m] * r;
          }
          double z = y[j] - g / lip;
          next[j] = Math.signum(z) * Math.max(Math.abs(z) - lambda / lip, 0);
        }
        double tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        for (int j = 0; j < n; j++) {
          y[j] = next[j] + (t - 1) / tn * (next[j] - u[j]);
        }
        u = next;
        t = tn;
      }
      for (int j = 0; j < n; j++) {
        double r = u[j] - bx[1][j + c * n];
        se += r * r;
      }
    }
    assertEquals(se, fista[0][0], 1e-10);
  }
}
