package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ALISTA weights against their optimality conditions: the constraint diag(WᵀA) = 1, the Lagrange condition
 * AAᵀw_i ∥ a_i, and no feasible perturbation lowering the off-diagonal objective.
 */
class AlistaWeightsTest {
  private static final int M = 15;
  private static final int N = 40;
  /** Rounding of a Cholesky solve with cond(AAᵀ) ≈ 10 at this size, with margin. */
  private static final double TOL = 1e-11;

  @Test
  void satisfiesTheConstraintAndTheLagrangeCondition() {
    double[] a = TestData.dictionary(M, N, 3);
    double[] w = AlistaWeights.compute(a, M, N);
    for (int i = 0; i < N; i++) {
      assertEquals(1.0, dot(w, i, a, i), TOL, "diag(WᵀA) entry " + i);
      // G w_i = λ a_i with G = AAᵀ: the residual orthogonal to a_i vanishes
      double[] gw = new double[M];
      for (int j = 0; j < N; j++) {
        double c = dot(a, j, w, i);
        for (int p = 0; p < M; p++) {
          gw[p] += a[p + j * M] * c;
        }
      }
      double lambda = 0;
      double aa = 0;
      for (int p = 0; p < M; p++) {
        lambda += gw[p] * a[p + i * M];
        aa += a[p + i * M] * a[p + i * M];
      }
      lambda /= aa;
      for (int p = 0; p < M; p++) {
        assertEquals(lambda * a[p + i * M], gw[p], TOL * (1 + Math.abs(lambda)), "column " + i + " row " + p);
      }
    }
  }

  @Test
  void noFeasiblePerturbationLowersTheObjective() {
    double[] a = TestData.dictionary(M, N, 4);
    double[] w = AlistaWeights.compute(a, M, N);
    Random r = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int i = r.nextInt(N);
      double[] d = new double[M];
      for (int p = 0; p < M; p++) {
        d[p] = r.nextGaussian();
      }
      // project d onto a_iᵀd = 0 so that w_i + εd stays feasible
      double ad = 0;
      double aa = 0;
      for (int p = 0; p < M; p++) {
        ad += a[p + i * M] * d[p];
        aa += a[p + i * M] * a[p + i * M];
      }
      for (int p = 0; p < M; p++) {
        d[p] -= ad / aa * a[p + i * M];
      }
      double base = offDiagonal(w, i, a);
      for (double eps : new double[] {1e-3, -1e-3, 1e-1}) {
        double[] wp = w.clone();
        for (int p = 0; p < M; p++) {
          wp[p + i * M] += eps * d[p];
        }
        assertTrue(offDiagonal(wp, i, a) > base, "trial " + trial + " eps " + eps);
      }
    }
  }

  @Test
  void isDeterministicAndRejectsRankDeficientDictionaries() {
    double[] a = TestData.dictionary(M, N, 6);
    assertArrayEquals(AlistaWeights.compute(a, M, N), AlistaWeights.compute(a.clone(), M, N));
    double[] tall = TestData.dictionary(N, M, 7); // n < m: AAᵀ singular
    assertThrows(IllegalArgumentException.class, () -> AlistaWeights.compute(tall, N, M));
  }

  private static double offDiagonal(double[] w, int i, double[] a) {
    double s = 0;
    for (int j = 0; j < N; j++) {
      if (j != i) {
        double c = dot(w, i, a, j);
        s += c * c;
      }
    }
    return s;
  }

  private static double dot(double[] x, int cx, double[] y, int cy) {
    double s = 0;
    for (int p = 0; p < M; p++) {
      s += x[p + cx * M] * y[p + cy * M];
    }
    return s;
  }
}
