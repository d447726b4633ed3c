package io.bmo.core.solver;

import dev.ludovic.netlib.lapack.LAPACK;
import io.bmo.core.blas.Blas;
import java.util.Arrays;
import org.netlib.util.intW;

/**
 * Cholesky factorisation {@code A = L Lᵀ} of a small dense SPD matrix, for closed forms and certificates only (the
 * iterative paths use CG): LAPACK's {@code dpotrf} / {@code dpotrs} ({@link Blas#lapack()}), lower triangle,
 * column-major.
 */
public final class Cholesky {
  private final int n;
  private final double[] l; // column-major; lower triangle = L after dpotrf
  private final LAPACK lapack = Blas.lapack();

  /**
   * @param a {@code n × n} column-major SPD matrix, not modified (only its lower triangle is read)
   * @throws IllegalArgumentException when A is not numerically positive definite (a leading minor is not)
   */
  public Cholesky(double[] a, int n) {
    if (a.length < n * n) {
      throw new IllegalArgumentException("matrix has " + a.length + " entries, n×n needs " + n * n);
    }
    this.n = n;
    this.l = Arrays.copyOf(a, n * n);
    intW info = new intW(0);
    lapack.dpotrf("L", n, l, 0, n, info);
    if (info.val > 0) {
      throw new IllegalArgumentException("matrix is not positive definite (leading minor " + info.val + ")");
    }
    if (info.val < 0) {
      throw new IllegalStateException("dpotrf: argument " + -info.val + " is invalid");
    }
  }

  /** Whether S (n×n column-major, symmetric; not modified) is numerically positive definite. */
  public static boolean positiveDefinite(double[] s, int n) {
    double[] f = Arrays.copyOf(s, n * n);
    intW info = new intW(0);
    Blas.lapack().dpotrf("L", n, f, 0, n, info);
    return info.val == 0;
  }

  /** Solves {@code A x = b} in place for the n entries of b from offset. Modified: b (becomes x). */
  public void solveInPlace(double[] b, int offset) {
    solve(b, offset, 1);
  }

  /** Solves {@code A X = B} for the {@code cols} columns of column-major B (leading dimension n) in place. */
  public void solveColumns(double[] b, int cols) {
    solve(b, 0, cols);
  }

  private void solve(double[] b, int offset, int cols) {
    if (cols == 0) {
      return;
    }
    intW info = new intW(0);
    lapack.dpotrs("L", n, cols, l, 0, n, b, offset, n, info);
    if (info.val != 0) {
      throw new IllegalStateException("dpotrs: argument " + -info.val + " is invalid");
    }
  }
}
