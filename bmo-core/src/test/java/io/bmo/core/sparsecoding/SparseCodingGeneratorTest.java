package io.bmo.core.sparsecoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SparseCodingGeneratorTest {

  /**
   * Each column norm is a sum of m rounded squares and one rounded division: error ≲ (m + 3)·2⁻⁵³ ≈ 3e-14 at m = 250.
   * 1e-12 leaves margin for that yet is 10¹⁰ times smaller than the ±1/√(2m) ≈ 0.045 spread of unnormalised columns.
   */
  private static final double UNIT_NORM_TOLERANCE = 1e-12;
  /** Sparsity may deviate from p by 4 standard errors of a binomial proportion: a false alarm ~1 in 16 000. */
  private static final double STANDARD_ERRORS = 4.0;
  /**
   * The contract's SNR accuracy, ±0.3 dB ≈ ±7 % in noise power. Here Σ‖e‖² over 2000 examples of m = 20 entries
   * has a relative spread of roughly √(2 / (m·N)) ≈ 0.7 % ≈ 0.03 dB (more with σ varying per example), so the bound
   * fails only for a wrong noise scale, e.g. a missing factor m (13 dB off) or σ used as σ² (10·log₁₀ of a square).
   */
  private static final double SNR_TOLERANCE_DB = 0.3;

  private static final SparseCodingSpec SMALL = new SparseCodingSpec(20, 40, 0.1, 20, 12345);

  private static void assertBitsEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int k = 0; k < expected.length; k++) {
      if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
        fail(what + " [" + k + "]: expected " + expected[k] + " but was " + actual[k] + " (bits differ)");
      }
    }
  }

  /** Asserts example {@code first + c} generated alone equals column c of the block, for the given columns. */
  private static void assertBlockMatchesExamples(SparseCodingGenerator g, long first, double[] bCols, double[] xCols,
      int... columns) {
    int m = g.spec().m();
    int n = g.spec().n();
    double[] b = new double[m];
    double[] x = new double[n];
    for (int c : columns) {
      g.example(first + c, b, x);
      assertBitsEqual(Arrays.copyOfRange(bCols, c * m, (c + 1) * m), b, "b of example " + (first + c));
      assertBitsEqual(Arrays.copyOfRange(xCols, c * n, (c + 1) * n), x, "x of example " + (first + c));
    }
  }

  @Test
  void everyExampleAloneEqualsItsColumnInABlockOfTenThousand() {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL);
    int count = 10_000;
    double[] bCols = new double[20 * count];
    double[] xCols = new double[40 * count];
    g.block(0, count, bCols, xCols);
    int[] all = new int[count];
    Arrays.setAll(all, c -> c);
    assertBlockMatchesExamples(g, 0, bCols, xCols, all);

    // A block starting elsewhere, and a fresh generator, give the same columns: no hidden state or order dependence.
    double[] b2 = new double[20 * 100];
    double[] x2 = new double[40 * 100];
    new SparseCodingGenerator(SMALL).block(5_000, 100, b2, x2);
    assertBitsEqual(Arrays.copyOfRange(bCols, 20 * 5_000, 20 * 5_100), b2, "b of block at 5000");
    assertBitsEqual(Arrays.copyOfRange(xCols, 40 * 5_000, 40 * 5_100), x2, "x of block at 5000");
  }

  @Test
  void blockAtDefaultDimensionsAndHugeIndicesMatchesExamples() {
    SparseCodingGenerator g = new SparseCodingGenerator(SparseCodingSpec.defaults(7).withSnrDb(30));
    int count = 64;
    for (long first : new long[] {1_000, 1_000_000_000_000L}) {
      double[] bCols = new double[250 * count];
      double[] xCols = new double[500 * count];
      g.block(first, count, bCols, xCols);
      assertBlockMatchesExamples(g, first, bCols, xCols, 0, 1, 33, 63);
    }
  }

  @Test
  void blockWritesOnlyItsColumnsOfLargerBuffers() {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL);
    double[] bCols = new double[20 * 3 + 5];
    double[] xCols = new double[40 * 3 + 5];
    Arrays.fill(bCols, 7.0);
    Arrays.fill(xCols, 7.0);
    g.block(10, 3, bCols, xCols);
    assertBlockMatchesExamples(g, 10, bCols, xCols, 0, 1, 2);
    for (int k = 1; k <= 5; k++) {
      assertEquals(7.0, bCols[bCols.length - k]);
      assertEquals(7.0, xCols[xCols.length - k]);
    }
    g.block(0, 0, new double[0], new double[0]); // an empty block is fine
  }

  @Test
  void differentSeedsGiveDifferentDictionariesAndExamples() {
    SparseCodingGenerator g1 = new SparseCodingGenerator(SMALL);
    SparseCodingGenerator g2 = new SparseCodingGenerator(new SparseCodingSpec(20, 40, 0.1, 20, 12346));
    assertFalse(Arrays.equals(g1.dictionary(), g2.dictionary()));
    double[] b1 = new double[20];
    double[] x1 = new double[40];
    double[] b2 = new double[20];
    double[] x2 = new double[40];
    g1.example(3, b1, x1);
    g2.example(3, b2, x2);
    assertFalse(Arrays.equals(x1, x2));
    assertFalse(Arrays.equals(b1, b2));
    g1.example(4, b2, x2);
    assertFalse(Arrays.equals(x1, x2), "neighbouring examples differ");
  }

  @Test
  void dictionaryColumnsHaveUnitNormAtDefaultDimensions() {
    double[] a = new SparseCodingGenerator(SparseCodingSpec.defaults(1)).dictionary();
    for (int j = 0; j < 500; j++) {
      double sumSq = 0;
      for (int i = 0; i < 250; i++) {
        sumSq += a[i + j * 250] * a[i + j * 250];
      }
      assertEquals(1.0, Math.sqrt(sumSq), UNIT_NORM_TOLERANCE, "column " + j);
    }
  }

  @Test
  void dictionaryColumnDependsOnlyOnSeedMAndColumnIndex() {
    double[] narrow = new SparseCodingGenerator(new SparseCodingSpec(20, 40, 0.1, 20, 5)).dictionary();
    double[] wide = new SparseCodingGenerator(new SparseCodingSpec(20, 80, 0.5, 3, 5)).dictionary();
    assertBitsEqual(narrow, Arrays.copyOf(wide, narrow.length), "first 40 columns");
  }

  @Test
  void dictionaryReturnsACopy() {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL);
    double[] a = g.dictionary();
    double first = a[0];
    a[0] = 1e300;
    assertEquals(first, g.dictionary()[0]);
  }

  @Test
  void codesDoNotDependOnSnr() {
    SparseCodingGenerator noisy = new SparseCodingGenerator(SMALL);
    SparseCodingGenerator clean = new SparseCodingGenerator(SMALL.withSnrDb(Double.POSITIVE_INFINITY));
    double[] b = new double[20];
    double[] xNoisy = new double[40];
    double[] xClean = new double[40];
    for (long i = 0; i < 50; i++) {
      noisy.example(i, b, xNoisy);
      clean.example(i, b, xClean);
      assertBitsEqual(xClean, xNoisy, "x of example " + i);
    }
  }

  /** A x by the documented loop: j ascending over non-zero x_j, then r ascending. */
  private static double[] cleanSignal(double[] a, double[] x, int m) {
    double[] ax = new double[m];
    for (int j = 0; j < x.length; j++) {
      if (x[j] != 0.0) {
        for (int r = 0; r < m; r++) {
          ax[r] += a[r + j * m] * x[j];
        }
      }
    }
    return ax;
  }

  @Test
  void noiselessSignalIsExactlyAx() {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL.withSnrDb(Double.POSITIVE_INFINITY));
    double[] a = g.dictionary();
    double[] b = new double[20];
    double[] x = new double[40];
    for (long i = 0; i < 200; i++) {
      g.example(i, b, x);
      assertBitsEqual(cleanSignal(a, x, 20), b, "b of example " + i);
    }
  }

  @Test
  void sparsityMatchesPWithinFourStandardErrors() {
    for (double p : new double[] {0.1, 0.5}) {
      SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(20, 40, p, 20, 99));
      int examples = 5_000;
      double[] b = new double[20];
      double[] x = new double[40];
      long nonZero = 0;
      double sumSq = 0;
      for (long i = 0; i < examples; i++) {
        g.example(i, b, x);
        for (double v : x) {
          if (v != 0.0) {
            nonZero++;
            sumSq += v * v;
          }
        }
      }
      double trials = examples * 40.0;
      double standardError = Math.sqrt(p * (1 - p) / trials);
      assertEquals(p, nonZero / trials, STANDARD_ERRORS * standardError, "p = " + p);
      // Non-zero entries are N(0, 1): mean square 1 with standard error √(2 / count).
      assertEquals(1.0, sumSq / nonZero, STANDARD_ERRORS * Math.sqrt(2.0 / nonZero), "p = " + p);
    }
  }

  @Test
  void denseCodesWhenPIsOne() {
    SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(3, 30, 1.0, 10, 4));
    double[] x = new double[30];
    g.example(0, new double[3], x);
    for (double v : x) {
      assertTrue(v != 0.0);
    }
  }

  @Test
  void measuredSnrMatchesTheSpecWithinPointThreeDb() {
    for (double snrDb : new double[] {0, 20, 40}) {
      SparseCodingSpec spec = SMALL.withSnrDb(snrDb);
      SparseCodingGenerator noisy = new SparseCodingGenerator(spec);
      SparseCodingGenerator clean = new SparseCodingGenerator(spec.withSnrDb(Double.POSITIVE_INFINITY));
      double[] b = new double[20];
      double[] ax = new double[20];
      double[] x = new double[40];
      double signal = 0;
      double noise = 0;
      for (long i = 0; i < 2_000; i++) {
        noisy.example(i, b, x);
        clean.example(i, ax, x);
        for (int r = 0; r < 20; r++) {
          signal += ax[r] * ax[r];
          noise += (b[r] - ax[r]) * (b[r] - ax[r]);
        }
      }
      assertEquals(snrDb, 10 * Math.log10(signal / noise), SNR_TOLERANCE_DB, "snrDb = " + snrDb);
    }
  }

  @Test
  void rejectsBadIndicesCountsAndBufferSizes() {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL);
    double[] b = new double[20];
    double[] x = new double[40];
    assertThrows(IllegalArgumentException.class, () -> g.example(-1, b, x));
    assertThrows(IllegalArgumentException.class, () -> g.example(0, new double[19], x));
    assertThrows(IllegalArgumentException.class, () -> g.example(0, b, new double[41]));
    assertThrows(IllegalArgumentException.class, () -> g.block(0, -1, b, x));
    assertThrows(IllegalArgumentException.class, () -> g.block(Long.MAX_VALUE, 2, new double[40], new double[80]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.block(0, 2, new double[39], new double[80]));
    assertEquals("need bCols of length >= m*count = 40 and xCols of length >= n*count = 80, got 39 and 80",
        e.getMessage());
  }

  @Test
  void serializedGeneratorProducesTheSameExamples() throws Exception {
    SparseCodingGenerator g = new SparseCodingGenerator(SMALL);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(g);
    }
    SparseCodingGenerator copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SparseCodingGenerator) in.readObject();
    }
    assertEquals(SMALL, copy.spec());
    double[] b1 = new double[20];
    double[] x1 = new double[40];
    double[] b2 = new double[20];
    double[] x2 = new double[40];
    g.example(77, b1, x1);
    copy.example(77, b2, x2);
    assertArrayEquals(b1, b2, 0.0);
    assertArrayEquals(x1, x2, 0.0);
  }
}
