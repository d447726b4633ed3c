package io.bmo.core.imaging.regularizer;

/**
 * The pointwise loops of {@link FieldOfExperts} over the filter responses, one per expert
 * ({@link FieldOfExperts.Potential}): the convex {@code φ_ν(t) = √(t² + ν) − √ν} and the Student-t
 * {@code φ_ν(t) = log(1 + t²/ν)}. Response k belongs to filter {@code k mod F}. No allocation.
 */
final class Experts {
  private Experts() {}

  /**
   * {@code Σ_k φ_ν(s_k)}.
   *
   * @param studentT which expert
   * @param s the responses (not modified)
   * @param m how many
   * @param v ν
   * @return the sum
   */
  static double sum(boolean studentT, double[] s, int m, double v) {
    double sum = 0;
    if (studentT) {
      for (int k = 0; k < m; k++) {
        double t = s[k];
        sum += Math.log1p(t * t / v);
      }
      return sum;
    }
    double sqrtNu = Math.sqrt(v);
    for (int k = 0; k < m; k++) {
      double t = s[k];
      double t2 = t * t;
      sum += t2 / (Math.sqrt(t2 + v) + sqrtNu); // φ_ν(t) without cancellation
    }
    return sum;
  }

  /**
   * {@code s_k ← e^c w_i φ'_ν(s_k)}, the factors of the gradient.
   *
   * @param studentT which expert
   * @param s the responses, overwritten
   * @param m how many
   * @param v ν
   * @param ec e^c
   * @param weights w_i
   * @param f F
   */
  static void slopes(boolean studentT, double[] s, int m, double v, double ec, double[] weights, int f) {
    if (studentT) {
      for (int k = 0; k < m; k++) {
        double t = s[k];
        s[k] = ec * weights[k % f] * 2 * t / (v + t * t);
      }
    } else {
      for (int k = 0; k < m; k++) {
        double t = s[k];
        s[k] = ec * weights[k % f] * t / Math.sqrt(t * t + v);
      }
    }
  }

  /**
   * {@code r_k ← r_k e^c w_i² φ''_ν(u_k)}, the factors of the Hessian-vector product.
   *
   * @param studentT which expert
   * @param r the filtered direction, overwritten
   * @param u the responses at the linearization point (not modified)
   * @param m how many
   * @param nu ν
   * @param expC e^c
   * @param w w_i
   * @param f F
   */
  static void curvatures(boolean studentT, double[] r, double[] u, int m, double nu, double expC, double[] w,
      int f) {
    if (studentT) {
      for (int k = 0; k < m; k++) {
        double t = u[k];
        double q = t * t + nu;
        double wk = w[k % f];
        r[k] *= expC * wk * wk * 2 * (nu - t * t) / (q * q);
      }
    } else {
      for (int k = 0; k < m; k++) {
        double t = u[k];
        double q = t * t + nu;
        double wk = w[k % f];
        r[k] *= expC * wk * wk * nu / (q * Math.sqrt(q));
      }
    }
  }

  /**
   * The pointwise part of the mixed derivative: adds the c, σ and w_i components to {@code out} and leaves in
   * {@code s} the factors Ψ that pair with patches of q and in {@code r} those that pair with patches of x (the filter
   * components).
   *
   * @param studentT which expert
   * @param u the responses at the linearization point (not modified)
   * @param r the filtered q, overwritten
   * @param s overwritten
   * @param m how many responses
   * @param nu ν
   * @param expC e^c
   * @param w w_i
   * @param f F
   * @param out θ-space accumulator (layout of {@link FieldOfExperts.Model#layout()})
   */
  static void mixed(boolean studentT, double[] u, double[] r, double[] s, int m, double nu, double expC,
      double[] w, int f, double[] out) {
    double dScale = 0;
    double dSmooth = 0;
    int wOff = FieldOfExperts.WEIGHTS;
    if (studentT) {
      for (int k = 0; k < m; k++) {
        int i = k % f;
        double t = u[k];
        double q2 = t * t + nu;
        double phi1 = 2 * t / q2;
        double phi2 = 2 * (nu - t * t) / (q2 * q2);
        double wi = w[i];
        double rk = r[k];
        dScale += wi * phi1 * rk;
        dSmooth += wi * t / (q2 * q2) * rk; // ∂φ'/∂ν = −2t/(ν+t²)²
        out[wOff + i] += expC * (phi1 + t * phi2) * rk;
        s[k] = expC * wi * phi1;
        r[k] = expC * wi * wi * phi2 * rk;
      }
      out[FieldOfExperts.LOG_SCALE] += expC * dScale;
      out[FieldOfExperts.LOG_SMOOTHING] += -2 * nu * expC * dSmooth;
    } else {
      for (int k = 0; k < m; k++) {
        int i = k % f;
        double t = u[k];
        double q2 = t * t + nu;
        double sq = Math.sqrt(q2);
        double phi1 = t / sq;
        double phi2 = nu / (q2 * sq);
        double wi = w[i];
        double rk = r[k];
        dScale += wi * phi1 * rk;
        dSmooth += wi * t / (q2 * sq) * rk;
        out[wOff + i] += expC * (phi1 + t * phi2) * rk;
        s[k] = expC * wi * phi1; // Ψ, pairs with patches of q
        r[k] = expC * wi * wi * phi2 * rk; // A, pairs with patches of x
      }
      out[FieldOfExperts.LOG_SCALE] += expC * dScale;
      out[FieldOfExperts.LOG_SMOOTHING] += -0.5 * nu * expC * dSmooth;
    }
  }
}
