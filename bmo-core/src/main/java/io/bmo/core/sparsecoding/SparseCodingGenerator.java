package io.bmo.core.sparsecoding;

import io.bmo.core.random.SeededRandom;
import java.io.Serializable;

/**
 * The synthetic sparse-coding data set of LISTA-CPSS and ALISTA (Chen et al. 2018; Liu et al. 2019): signals
 * {@code b = A x + e} with a random dictionary A and Bernoulli–Gaussian sparse codes x. Other modules rely on this
 * exact contract.
 *
 * <p><b>Dictionary</b> A ∈ ℝ^{m×n}, stored column-major ({@code A[i + j·m]}) like all BLAS data in the project:
 * column j uses {@link SeededRandom} stream {@link #DICTIONARY_STREAM} at index j; for i = 0..m−1 it draws
 * {@code A_ij = g / √m} with g ~ N(0, 1) (so A_ij ~ N(0, 1/m)), then divides the column by its Euclidean norm
 * (summed over i ascending), giving ‖A_{:,j}‖ = 1 up to rounding. Column j therefore depends only on (seed, m, j):
 * not on n, p or snrDb.
 *
 * <p><b>Example i</b> (a {@code long}, 0-based) depends only on (spec, i):
 * <ul>
 *   <li>Code x ∈ ℝⁿ from stream {@link #CODE_STREAM} at index i: for j = 0..n−1 draw u_j = nextDouble(); if
 *       u_j &lt; p then x_j = nextGaussian() else x_j = 0. So x_j = Bernoulli(p)·N(0, 1), and x does not depend on
 *       snrDb or m.</li>
 *   <li>Clean signal Ax by a fixed scalar loop: start from 0; for j ascending with x_j ≠ 0, for r ascending,
 *       {@code b_r += A[r + j·m] · x_j}. No BLAS, whose blocking could change the rounding: the result is the same
 *       bits whether one example or a block is generated.</li>
 *   <li>Noise from stream {@link #NOISE_STREAM} at index i: σ² = ‖Ax‖² / (m · 10^{snrDb/10}) (‖Ax‖² summed over r
 *       ascending; 10^{snrDb/10} by {@link StrictMath#pow}); if σ &gt; 0, {@code b_r += σ · nextGaussian()} for r
 *       ascending. With snrDb = +∞, or Ax = 0, nothing is drawn and b = Ax exactly. So E‖e‖² = ‖Ax‖² / 10^{snrDb/10}
 *       per example.</li>
 * </ul>
 *
 * <p>Immutable after construction and safe to share between threads. It is {@link Serializable} (the dictionary,
 * m·n doubles, travels with it); executors can equally rebuild it from the {@link SparseCodingSpec}, which costs
 * m·n Gaussian draws (a few milliseconds at the default 250 × 500).
 */
public final class SparseCodingGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@link SeededRandom} stream of the dictionary; index = column j. */
  public static final long DICTIONARY_STREAM = 1;
  /** {@link SeededRandom} stream of the sparse codes; index = example i. */
  public static final long CODE_STREAM = 2;
  /** {@link SeededRandom} stream of the measurement noise; index = example i. */
  public static final long NOISE_STREAM = 3;

  private final SparseCodingSpec spec;
  /** Column-major m × n, unit-norm columns. Never modified after construction. */
  private final double[] a;
  /** m · 10^{snrDb/10}: σ² = ‖Ax‖² / noiseDivisor; +∞ when noiseless. */
  private final double noiseDivisor;

  /** Builds the dictionary for {@code spec} (m·n Gaussian draws). */
  public SparseCodingGenerator(SparseCodingSpec spec) {
    this.spec = spec;
    int m = spec.m();
    int n = spec.n();
    this.a = new double[m * n];
    double scale = 1.0 / StrictMath.sqrt(m);
    SeededRandom rng = new SeededRandom(spec.seed(), DICTIONARY_STREAM, 0);
    for (int j = 0; j < n; j++) {
      rng.reset(j);
      double sumSq = 0;
      for (int i = 0; i < m; i++) {
        double v = rng.nextGaussian() * scale;
        a[i + j * m] = v;
        sumSq += v * v;
      }
      double norm = StrictMath.sqrt(sumSq);
      for (int i = 0; i < m; i++) {
        a[i + j * m] /= norm;
      }
    }
    this.noiseDivisor = spec.noiseless() ? Double.POSITIVE_INFINITY : m * StrictMath.pow(10.0, spec.snrDb() / 10.0);
  }

  public SparseCodingSpec spec() {
    return spec;
  }

  /** A fresh copy of the dictionary A, column-major m × n ({@code A[i + j·m]}); each call copies m·n doubles. */
  public double[] dictionary() {
    return a.clone();
  }

  /**
   * Generates example i.
   *
   * @param i example index, ≥ 0
   * @param b length m; on exit the signal b = Ax + e. Modified (fully overwritten).
   * @param x length n; on exit the sparse code x. Modified (fully overwritten).
   */
  public void example(long i, double[] b, double[] x) {
    checkIndex(i, 1);
    if (b.length != spec.m() || x.length != spec.n()) {
      throw new IllegalArgumentException("need b of length m = " + spec.m() + " and x of length n = " + spec.n()
          + ", got " + b.length + " and " + x.length);
    }
    fill(b, 0, x, 0, new SeededRandom(spec.seed(), CODE_STREAM, i), new SeededRandom(spec.seed(), NOISE_STREAM, i));
  }

  /**
   * Generates examples {@code first .. first+count−1} as matrix columns: column c holds example {@code first + c},
   * bit-identical to {@link #example example(first + c, ...)}.
   *
   * @param first index of the first example, ≥ 0
   * @param count number of examples, ≥ 0
   * @param bCols length ≥ m·count; on exit its first m·count entries hold the column-major m × count signal matrix.
   *     Modified (entries beyond m·count untouched).
   * @param xCols length ≥ n·count; on exit its first n·count entries hold the column-major n × count code matrix.
   *     Modified (entries beyond n·count untouched).
   */
  public void block(long first, int count, double[] bCols, double[] xCols) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    checkIndex(first, count);
    int m = spec.m();
    int n = spec.n();
    if (bCols.length < (long) m * count || xCols.length < (long) n * count) {
      throw new IllegalArgumentException("need bCols of length >= m*count = " + (long) m * count
          + " and xCols of length >= n*count = " + (long) n * count + ", got " + bCols.length + " and "
          + xCols.length);
    }
    SeededRandom codeRng = new SeededRandom(spec.seed(), CODE_STREAM, first);
    SeededRandom noiseRng = new SeededRandom(spec.seed(), NOISE_STREAM, first);
    for (int c = 0; c < count; c++) {
      codeRng.reset(first + c);
      noiseRng.reset(first + c);
      fill(bCols, c * m, xCols, c * n, codeRng, noiseRng);
    }
  }

  private static void checkIndex(long first, int count) {
    if (first < 0 || first > Long.MAX_VALUE - count) {
      throw new IllegalArgumentException("example indices must lie in [0, Long.MAX_VALUE], got first = " + first
          + ", count = " + count);
    }
  }

  /**
   * Writes example i into {@code b[bOff .. bOff+m)} and {@code x[xOff .. xOff+n)} by the recipe in the class
   * comment. {@code codeRng} and {@code noiseRng} must be positioned at index i of their streams; both are advanced.
   */
  private void fill(double[] b, int bOff, double[] x, int xOff, SeededRandom codeRng, SeededRandom noiseRng) {
    int m = spec.m();
    int n = spec.n();
    double p = spec.p();
    for (int j = 0; j < n; j++) {
      x[xOff + j] = codeRng.nextDouble() < p ? codeRng.nextGaussian() : 0.0;
    }
    for (int r = 0; r < m; r++) {
      b[bOff + r] = 0.0;
    }
    for (int j = 0; j < n; j++) {
      double xj = x[xOff + j];
      if (xj != 0.0) {
        int col = j * m;
        for (int r = 0; r < m; r++) {
          b[bOff + r] += a[col + r] * xj;
        }
      }
    }
    double power = 0;
    for (int r = 0; r < m; r++) {
      power += b[bOff + r] * b[bOff + r];
    }
    double sigma = StrictMath.sqrt(power / noiseDivisor);
    if (sigma > 0) {
      for (int r = 0; r < m; r++) {
        b[bOff + r] += sigma * noiseRng.nextGaussian();
      }
    }
  }
}
