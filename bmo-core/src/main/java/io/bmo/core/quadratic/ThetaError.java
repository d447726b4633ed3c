package io.bmo.core.quadratic;

/**
 * The quadratic family's evaluation row: ‖ω − θ*‖² and ‖θ*‖², so that {@code theta_error} = ‖ω − θ*‖/‖θ*‖ comes out of
 * the ordinary fold of evaluation rows (added slot by slot; shard 0 fills them, the others add zeros).
 *
 * @param errorSq ‖ω − θ*‖²
 * @param starSq ‖θ*‖²
 */
public record ThetaError(double errorSq, double starSq) {
  /** Slots of the flat row. */
  public static final int SIZE = 2;

  /** Reads an evaluation row. */
  public static ThetaError of(double[] row) {
    return new ThetaError(row[0], row[1]);
  }

  /** The row's sums at ω: Σ_i (ω_i − θ*_i)² and Σ_i θ*_i², accumulated in index order. */
  static ThetaError at(double[] omega, double[] thetaStar) {
    double e = 0;
    double s = 0;
    for (int i = 0; i < thetaStar.length; i++) {
      double d = omega[i] - thetaStar[i];
      e += d * d;
      s += thetaStar[i] * thetaStar[i];
    }
    return new ThetaError(e, s);
  }

  /** Adds this record into a row, slot by slot. Modified: row. */
  void addTo(double[] row) {
    row[0] += errorSq;
    row[1] += starSq;
  }

  /** ‖ω − θ*‖ / ‖θ*‖. */
  public double relative() {
    return Math.sqrt(errorSq / starSq);
  }
}
