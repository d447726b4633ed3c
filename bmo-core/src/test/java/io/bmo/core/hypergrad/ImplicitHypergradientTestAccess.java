package io.bmo.core.hypergrad;

/** Exposes the test-only dense solver to other test packages. */
public final class ImplicitHypergradientTestAccess {
  private ImplicitHypergradientTestAccess() {}

  public static double[] solve(double[][] a, double[] b) {
    return ImplicitHypergradientTest.solve(a, b);
  }
}
