package io.bmo.core.sparsecoding;

import io.bmo.core.operator.BitMask;
import io.bmo.core.operator.Linearization;
import io.bmo.core.operator.Spectral;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.TestData;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Support selection against independent slow paths: the schedule by its formula, the selection against a full sort
 * (ties towards the smaller index), the batched map step against a per-column transcription of the definition, and
 * one step's VJP against central differences of that step.
 */
class SupportSelectionTest {
  /** One step is piecewise linear in (u, ω): central differences are exact up to rounding (≈1e-16/H). */
  private static final double H = 1e-6;
  private static final double FD_TOL = 1e-7;
  /** Forward: Gram (BLAS) versus residual-form transcription, rounding of a few n-term sums. */
  private static final double FORWARD_TOL = 1e-12;

  @Test
  void scheduleGrowsByTheIncrementUpToTheMaximum() {
    SupportSelection s = new SupportSelection(1.2, 13.0);
    assertEquals(6, s.count(0, 500)); // 1.2 % of 500
    assertEquals(12, s.count(1, 500));
    assertEquals(60, s.count(9, 500)); // 12 %
    assertEquals(65, s.count(10, 500)); // min(13.2, 13) %
    assertEquals(65, s.count(255, 500)); // untrained depths keep the maximum
    assertEquals(0, SupportSelection.OFF.count(3, 500));
    assertFalse(new SupportSelection(0.0, 13.0).enabled());
    assertThrows(IllegalArgumentException.class, () -> new SupportSelection(-1, 10));
    assertThrows(IllegalArgumentException.class, () -> new SupportSelection(1, 101));
    assertThrows(IllegalArgumentException.class, () -> new SupportSelection(Double.NaN, 10));
  }

  @Test
  void kthLargestEqualsSorting() {
    Random r = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(60);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = r.nextInt(4) == 0 ? r.nextInt(3) : r.nextGaussian(); // many exact ties
      }
      double[] sorted = v.clone();
      Arrays.sort(sorted);
      int k = 1 + r.nextInt(n);
      assertEquals(sorted[n - k], SelectedThresholdKernels.kthLargest(v.clone(), n, k));
    }
  }

  @Test
  void selectionIsTheTopCountByMagnitudeWithTiesToTheSmallerIndex() {
    Random r = new Random(6);
    int n = 37;
    for (int trial = 0; trial < 200; trial++) {
      double[] z = new double[n];
      for (int i = 0; i < n; i++) {
        z[i] = r.nextInt(3) == 0 ? (r.nextBoolean() ? 0.5 : -0.5) : r.nextGaussian();
      }
      int count = r.nextInt(n + 1);
      double th = r.nextInt(3) == 0 ? 0.0 : 0.3 * r.nextDouble();
      long[] passed = new long[1];
      SelectedThresholdKernels.selectColumn(z, 0, n, count, th, new double[n], passed);
      // slow path: stable sort of indices by decreasing |z|
      Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -Math.abs(z[i])));
      boolean[] expect = new boolean[n];
      for (int c = 0; c < count; c++) {
        expect[idx[c]] = Math.abs(z[idx[c]]) > th;
      }
      for (int i = 0; i < n; i++) {
        assertEquals(expect[i], BitMask.get(passed, i), "trial " + trial + " entry " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SparseModel.class)
  void batchedStepMatchesTheDefinitionColumnByColumn(SparseModel model) {
    Setup st = new Setup(model, 21);
    double[] out = new double[st.n * st.cols];
    for (int layer = 0; layer < 4; layer++) {
      st.map.apply(layer, st.u, out, layer % 2 == 0 ? st.map.newRecord() : null);
      int count = st.sel.count(layer, st.n);
      for (int c = 0; c < st.cols; c++) {
        double[] ref = st.naiveStep(layer, c, count);
        for (int j = 0; j < st.n; j++) {
          assertEquals(ref[j], out[j + c * st.n], FORWARD_TOL, model + " layer " + layer + " column " + c);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SparseModel.class)
  void stepVjpMatchesCentralDifferences(SparseModel model) {
    Setup st = new Setup(model, 22);
    int layer = 2;
    int size = st.n * st.cols;
    double[] v = new double[size];
    Random r = new Random(23);
    for (int i = 0; i < size; i++) {
      v[i] = r.nextGaussian();
    }
    Linearization rec = st.map.newRecord();
    double[] out = new double[size];
    st.map.apply(layer, st.u, out, rec);
    assertTrue(((SoftThresholdRecord) rec).selected, "selection recorded");
    double[] uBar = new double[size];
    double[] wBar = new double[st.omega.length];
    st.map.vjp(layer, rec, v, uBar, wBar);
    for (int i = 0; i < size; i++) {
      double[] up = st.u.clone();
      double[] um = st.u.clone();
      up[i] += H;
      um[i] -= H;
      double fd = (dot(v, st.step(st.omega, up, layer)) - dot(v, st.step(st.omega, um, layer))) / (2 * H);
      assertEquals(fd, uBar[i], FD_TOL * (1 + Math.abs(fd)), model + " u component " + i);
    }
    for (int i = 0; i < st.omega.length; i++) {
      double[] wp = st.omega.clone();
      double[] wm = st.omega.clone();
      wp[i] += H;
      wm[i] -= H;
      double fd = (dot(v, st.step(wp, st.u, layer)) - dot(v, st.step(wm, st.u, layer))) / (2 * H);
      assertEquals(fd, wBar[i], FD_TOL * (1 + Math.abs(fd)), model + " omega component " + i);
    }
    // the selection-specific term matters here: the plain adjoint (θ̄ over passed entries too) is off
    double[] sums = new double[2];
    SoftThresholdKernels.adjoint(size, (SoftThresholdRecord) rec, v, 0.0, 1.0, new double[size], null, sums);
    int t = model.layerwise() ? layer : 0;
    assertTrue(Math.abs(sums[0] - wBar[t]) > 1e-3 * (1 + Math.abs(wBar[t])),
        "passed entries carry a θ̄ term the selection adjoint must drop");
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A small instance with selection 15 %/layer up to 40 % (counts 3, 6, 9, 9, … of n = 24). */
  static final class Setup {
    final int m = 12;
    final int n = 24;
    final int cols = 5;
    final int k = 4;
    final SparseModel model;
    final SupportSelection sel = new SupportSelection(15.0, 40.0);
    final double[] a;
    final double[] b;
    final double[] u;
    final double[] omega;
    final SparseCodingMap map;

    Setup(SparseModel model, long seed) {
      this.model = model;
      a = TestData.dictionary(m, n, seed);
      double[][] bx = TestData.pairs(a, m, n, cols, 0.3, seed + 1);
      b = bx[0];
      map = new SparseCodingMap(model, a, m, n, k, sel, null);
      double lip = Spectral.lipschitz(a, m, n);
      omega = map.initialOmega(0.05, 0.8 / lip);
      Random r = new Random(seed + 2);
      for (int i = 0; i < omega.length; i++) {
        omega[i] *= 1 + 0.1 * r.nextGaussian();
      }
      u = new double[n * cols];
      for (int i = 0; i < u.length; i++) {
        u[i] = bx[1][i] + 0.3 * r.nextGaussian();
      }
      map.bind(omega);
      map.bindBlock(b, cols);
    }

    /** T_layer(u; w) through a fresh map (the FD path). */
    double[] step(double[] w, double[] uu, int layer) {
      SparseCodingMap mp = new SparseCodingMap(model, a, m, n, k, sel, null);
      mp.bind(w);
      mp.bindBlock(b, cols);
      double[] out = new double[n * cols];
      mp.apply(layer, uu, out, null);
      return out;
    }

    /** η(u − s·Wᵀ(Au − b)) for column c by the definition (residual form, sorted selection). */
    double[] naiveStep(int layer, int c, int count) {
      int layers = model.layerwise() ? k : 1;
      int l = Math.min(layer, layers - 1);
      double th = omega[l];
      double s = model.hasStep() ? omega[layers + l] : 1.0;
      double[] alistaW = model == SparseModel.ALISTA ? AlistaWeights.compute(a, m, n) : null;
      double[] r = new double[m];
      for (int i = 0; i < m; i++) {
        double acc = -b[i + c * m];
        for (int j = 0; j < n; j++) {
          acc += a[i + j * m] * u[j + c * n];
        }
        r[i] = acc;
      }
      double[] z = new double[n];
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
        z[j] = u[j + c * n] - s * wr;
      }
      Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -Math.abs(z[i])));
      boolean[] pass = new boolean[n];
      for (int i = 0; i < count; i++) {
        pass[idx[i]] = true;
      }
      double[] out = new double[n];
      for (int j = 0; j < n; j++) {
        double az = Math.abs(z[j]);
        out[j] = az <= th ? 0.0 : pass[j] ? z[j] : Math.signum(z[j]) * (az - th);
      }
      return out;
    }
  }

  @Test
  void selectionOffKeepsTheOriginalBits() {
    Setup st = new Setup(SparseModel.LISTA_TIED, 24);
    SparseCodingMap plain = new SparseCodingMap(SparseModel.LISTA_TIED, st.a, st.m, st.n, st.k);
    SparseCodingMap off = new SparseCodingMap(SparseModel.LISTA_TIED, st.a, st.m, st.n, st.k,
        new SupportSelection(0.0, 13.0), null);
    double[] o1 = new double[st.n * st.cols];
    double[] o2 = new double[st.n * st.cols];
    for (SparseCodingMap mp : new SparseCodingMap[] {plain, off}) {
      mp.bind(st.omega);
      mp.bindBlock(st.b, st.cols);
    }
    plain.apply(1, st.u, o1, plain.newRecord());
    off.apply(1, st.u, o2, off.newRecord());
    assertArrayEquals(o1, o2);
  }
}
