package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.TestData;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.BmoSolver;
import io.bmo.core.solver.Projection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batched GEMM forward pass against a naive per-example scalar implementation of the BMO loop. */
class SparseCodingMapTest {
  /** Different summation order (Gram form, DGEMM blocking) vs direct residual form: rounding-level only. */
  private static final double FORWARD_TOL = 1e-11;

  @ParameterizedTest
  @EnumSource(SparseModel.class)
  void batchedForwardMatchesNaiveLoop(SparseModel model) {
    check(model, new BmoConfig(5, 0.3, 0.5, 0.8, Projection.box(-0.7, 0.9)));
  }

  /** U = ℝⁿ goes through the fused {@code applyRelaxed} pass. */
  @ParameterizedTest
  @EnumSource(SparseModel.class)
  void fusedForwardMatchesNaiveLoop(SparseModel model) {
    check(model, new BmoConfig(5, 0.3, 0.5, 0.8, Projection.NONE));
    check(model, BmoConfig.plain(5));
  }

  /** Recording the tape must not change the iterates: the recorded and plain passes compute the same values. */
  @ParameterizedTest
  @EnumSource(SparseModel.class)
  void recordingDoesNotChangeIterates(SparseModel model) {
    int m = 12;
    int n = 25;
    int cols = 7;
    int k = 4;
    double[] a = TestData.dictionary(m, n, 1);
    double[][] bx = TestData.pairs(a, m, n, cols, 0.2, 5);
    SparseCodingMap map = new SparseCodingMap(model, a, m, n, k);
    map.bind(map.initialOmega(0.05, 0.5));
    map.bindBlock(bx[0], cols);
    BmoConfig cfg = new BmoConfig(k, 0.2, 0.5, 1.0, Projection.NONE);
    BmoSolver plain = new BmoSolver(map, cfg);
    plain.init(bx[1], cols, k + 1);
    plain.run();
    double[] u0 = java.util.Arrays.copyOf(plain.iterate(), n * cols);
    BmoSolver taped = new BmoSolver(map, cfg);
    taped.init(bx[1], cols, 1);
    taped.run();
    org.junit.jupiter.api.Assertions.assertArrayEquals(u0, java.util.Arrays.copyOf(taped.iterate(), n * cols), 0.0);
  }

  /**
   * The step's gradient s̄ = −⟨Wᵀ(Au − b), z̄⟩ of one LISTA-tied layer against a naive transcription, from u = 0 (the
   * tape keeps the residual on the support) and from u ≠ 0 (s̄ = −⟨Au − b, W z̄⟩ from the data residual), with ū
   * requested and without it (then W z̄ is formed for s̄ alone); θ̄ and W̄ too.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void learnedStepGradientMatchesNaiveSums(boolean zeroStart) {
    int m = 12;
    int n = 25;
    int cols = 7;
    double[] a = TestData.dictionary(m, n, 1);
    double[][] bx = TestData.pairs(a, m, n, cols, 0.2, 4);
    SparseCodingMap map = new SparseCodingMap(SparseModel.LISTA_TIED, a, m, n, 3);
    double[] omega = map.initialOmega(0.05, 0.5);
    java.util.Random rnd = new java.util.Random(9);
    for (int i = 0; i < omega.length; i++) {
      omega[i] += 0.02 * rnd.nextGaussian();
    }
    map.bind(omega);
    map.bindBlock(bx[0], cols);
    double[] u = new double[n * cols];
    if (!zeroStart) {
      for (int i = 0; i < u.length; i++) {
        u[i] = rnd.nextDouble() < 0.4 ? 0.3 * rnd.nextGaussian() : 0.0;
      }
    }
    double[] v = new double[n * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian();
    }
    // naive: r = Au − b, q = Wᵀr, z = u − s·q, z̄ = v ⊙ 1[|z| > θ]
    double th = omega[0];
    double s = omega[1];
    double thetaBar = 0;
    double stepBar = 0;
    double[] wBar = new double[m * n];
    for (int c = 0; c < cols; c++) {
      double[] r = new double[m];
      for (int i = 0; i < m; i++) {
        double acc = -bx[0][i + c * m];
        for (int j = 0; j < n; j++) {
          acc += a[i + j * m] * u[j + c * n];
        }
        r[i] = acc;
      }
      for (int j = 0; j < n; j++) {
        double q = 0;
        for (int i = 0; i < m; i++) {
          q += omega[2 + i * n + j] * r[i];
        }
        double z = u[j + c * n] - s * q;
        if (Math.abs(z) > th) {
          double zb = v[j + c * n];
          thetaBar -= Math.signum(z) * zb;
          stepBar -= q * zb;
          for (int i = 0; i < m; i++) {
            wBar[i * n + j] -= s * r[i] * zb;
          }
        }
      }
    }
    for (boolean withU : new boolean[] {true, false}) {
      SoftThresholdRecord rec = (SoftThresholdRecord) map.newRecord();
      double[] out = new double[n * cols];
      map.apply(0, u, out, rec);
      assertEquals(zeroStart, rec.residualKept, "residual on the support kept only after u = 0");
      double[] g = new double[omega.length];
      map.vjp(0, rec, v.clone(), withU ? new double[n * cols] : null, g);
      String what = (zeroStart ? "u = 0" : "u != 0") + (withU ? ", with u-bar" : ", without u-bar");
      assertEquals(thetaBar, g[0], 1e-12 * (1 + Math.abs(thetaBar)), "theta-bar, " + what);
      assertEquals(stepBar, g[1], 1e-12 * (1 + Math.abs(stepBar)), "step-bar, " + what);
      for (int i = 0; i < wBar.length; i++) {
        assertEquals(wBar[i], g[2 + i], 1e-12 * (1 + Math.abs(wBar[i])), "W-bar " + i + ", " + what);
      }
    }
  }

  private static void check(SparseModel model, BmoConfig cfg) {
    int m = 12;
    int n = 25;
    int cols = 6;
    int k = 5;
    double[] a = TestData.dictionary(m, n, 1);
    double[][] bx = TestData.pairs(a, m, n, cols, 0.2, 2);
    SparseCodingMap map = new SparseCodingMap(model, a, m, n, k);
    double[] omega = map.initialOmega(0.05, 0.5);
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < omega.length; i++) {
      omega[i] += 0.02 * r.nextGaussian();
    }
    map.bind(omega);
    map.bindBlock(bx[0], cols);
    BmoSolver s = new BmoSolver(map, cfg);
    s.init(bx[1], cols, k + 1);
    s.run();
    double[] u = s.iterate();
    for (int c = 0; c < cols; c++) {
      double[] ref = naive(model, a, m, n, omega, cfg, bx[0], bx[1], c);
      for (int j = 0; j < n; j++) {
        assertEquals(ref[j], u[j + c * n], FORWARD_TOL, "column " + c + " entry " + j);
      }
    }
  }

  /** Direct transcription of the loop for one example, no BLAS, residual (non-Gram) form. */
  static double[] naive(SparseModel model, double[] a, int m, int n, double[] omega, BmoConfig cfg, double[] b,
      double[] x, int c) {
    int layers = model.layerwise() ? cfg.layers() : 1;
    double[] alistaW = model == SparseModel.ALISTA ? AlistaWeights.compute(a, m, n) : null;
    double[] u = new double[n];
    for (int k = 0; k < cfg.layers(); k++) {
      int l = Math.min(k, layers - 1);
      double th = omega[l];
      double s = model.hasStep() ? omega[layers + l] : 1.0;
      double[] r = new double[m];
      for (int i = 0; i < m; i++) {
        double acc = -b[i + c * m];
        for (int j = 0; j < n; j++) {
          acc += a[i + j * m] * u[j];
        }
        r[i] = acc;
      }
      double[] next = new double[n];
      for (int j = 0; j < n; j++) {
        double wr = 0;
        for (int i = 0; i < m; i++) {
          double w = switch (model) {
            case LISTA_TIED -> omega[2 * layers + i * n + j];
            case LISTA_CPSS -> omega[layers + l * m * n + i * n + j];
            case ALISTA -> alistaW[i + j * m];
            default -> a[i + j * m];
          };
          wr += w * r[i];
        }
        double z = u[j] - s * wr;
        double vl = Math.signum(z) * Math.max(Math.abs(z) - th, 0);
        double vu = u[j] - cfg.beta() * (u[j] - x[j + c * n]);
        double w = cfg.mu() * vu + (1 - cfg.mu()) * vl;
        next[j] = cfg.projection().apply((1 - cfg.alpha()) * u[j] + cfg.alpha() * w);
      }
      u = next;
    }
    return u;
  }
}
