package io.bmo.core.operator;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.blas.Blas;
import io.bmo.core.param.ParamLayout;

/**
 * Gradient step on the ridge energy ½‖Au − b‖² + ½λ‖u‖²: {@code T(u) = u − s·((AᵀA + λI)u − Aᵀb)}, ω = (λ, s).
 *
 * <p>Its fixed point is the ridge solution u* = (AᵀA + λI)⁻¹Aᵀb for any 0 &lt; s &lt; 2/(‖A‖² + λ), which gives the
 * closed-form anchor for implicit differentiation: ∂u*∕∂λ = −(AᵀA + λI)⁻¹u*, and ∂u*∕∂s = 0.
 * The record keeps a dense copy of the input u (this map is a test and reference model, not a hot path).
 */
public final class RidgeStepMap implements FixedPointMap {
  private final int m;
  private final int n;
  private final double[] a;
  private final double[] gram;
  private final ParamLayout layout = ParamLayout.builder().add("lambda", 1).add("step", 1).build();
  private final BLAS blas = Blas.get();
  private double lambda;
  private double s;
  private double[] c = new double[0];
  private int cols = -1;

  /** @param a A, m×n column-major; copied */
  public RidgeStepMap(double[] a, int m, int n) {
    this.m = m;
    this.n = n;
    this.a = a.clone();
    this.gram = new double[n * n];
    blas.dgemm("T", "N", n, n, m, 1.0, this.a, m, this.a, m, 0.0, gram, n);
  }

  /** Dense copy of the input point. */
  static final class Record implements Linearization {
    double[] u = new double[0];

    @Override
    public long bytesUsed() {
      return (long) u.length * Double.BYTES;
    }
  }

  @Override
  public int dim() {
    return n;
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public int distinctLayers() {
    return 1;
  }

  @Override
  public void bind(double[] omega) {
    lambda = omega[0];
    s = omega[1];
  }

  @Override
  public void bindBlock(double[] b, int cols) {
    this.cols = cols;
    if (c.length < n * cols) {
      c = new double[n * cols];
    }
    blas.dgemm("T", "N", n, cols, m, 1.0, a, m, b, m, 0.0, c, n);
  }

  @Override
  public Linearization newRecord() {
    return new Record();
  }

  @Override
  public void apply(int layer, double[] u, double[] out, Linearization record) {
    int size = n * cols;
    for (int i = 0; i < size; i++) {
      out[i] = (1.0 - s * lambda) * u[i] + s * c[i];
    }
    blas.dgemm("N", "N", n, cols, n, -s, gram, n, u, n, 1.0, out, n);
    if (record != null) {
      Record r = (Record) record;
      if (r.u.length != size) {
        r.u = new double[size];
      }
      System.arraycopy(u, 0, r.u, 0, size);
    }
  }

  @Override
  public void vjp(int layer, Linearization record, double[] v, double[] outU, double[] gOmega) {
    int size = n * cols;
    double[] u = ((Record) record).u;
    double[] gv = new double[size];
    blas.dgemm("N", "N", n, cols, n, 1.0, gram, n, v, n, 0.0, gv, n);
    if (outU != null) {
      for (int i = 0; i < size; i++) {
        outU[i] = v[i] - s * (gv[i] + lambda * v[i]);
      }
    }
    if (gOmega != null) {
      double uv = 0;
      double ugv = 0;
      double cv = 0;
      for (int i = 0; i < size; i++) {
        uv += u[i] * v[i];
        ugv += u[i] * gv[i];
        cv += c[i] * v[i];
      }
      gOmega[0] += -s * uv;
      gOmega[1] += -(ugv + lambda * uv - cv);
    }
  }
}
