package io.bmo.core.solver;

/** Small dense-vector helpers used by the iterative solvers (plain loops; fixed summation order). */
public final class Vectors {
  private Vectors() {}

  public static double dot(double[] x, double[] y) {
    double s = 0.0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  public static double norm(double[] x) {
    return Math.sqrt(dot(x, x));
  }

  /** Whether x[0..size) is all zeros; stops at the first non-zero (cheap next to a product it may save). */
  public static boolean isZero(double[] x, int size) {
    for (int i = 0; i < size; i++) {
      if (x[i] != 0.0) {
        return false;
      }
    }
    return true;
  }
}
