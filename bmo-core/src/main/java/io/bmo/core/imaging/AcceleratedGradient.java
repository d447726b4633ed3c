package io.bmo.core.imaging;

import java.io.Serializable;
import java.util.Arrays;

/**
 * FISTA / Nesterov accelerated gradient with adaptive gradient restart (O'Donoghue &amp; Candès) for the smooth,
 * strongly convex lower-level energy of a block, run jointly on the block but with per-example momentum, restart and
 * stopping.
 *
 * <p>Iteration for example b, step 1/L: {@code x⁺ = z − ∇E_b(z)/L}; if {@code ⟨∇E_b(z), x⁺ − x⟩ > 0} the momentum is
 * reset ({@code t = 1, z = x⁺}), otherwise {@code t⁺ = (1 + √(1 + 4t²))/2, z = x⁺ + (t − 1)/t⁺ (x⁺ − x)}. Example b stops
 * (and is frozen) at the first iterate z with {@code ‖∇ₓE_b(z)‖₂ ≤ ε}, which is returned as its solution, so the
 * stopping test is exact for the returned point. Its iteration count is the number of gradient evaluations until then.
 *
 * <p>L comes from {@link #estimateLipschitz}: power iteration on Hessian-vector products at the zero image, where the
 * Hessian is largest in the Loewner order for the regularizers of this package (see
 * {@link io.bmo.core.imaging.regularizer.Regularizer}), times a safety factor since power iteration approaches
 * λ_max from below.
 *
 * <p>Not thread-safe: owns block-sized workspaces; no allocation per iteration.
 */
public final class AcceleratedGradient {

  /**
   * @param maxIterations cap on gradient evaluations per solve, at least 1
   * @param powerIterations cap on power iterations for L, at least 1
   * @param lipschitzSafety factor ≥ 1 applied to the power-iteration estimate
   */
  public record Config(int maxIterations, int powerIterations, double lipschitzSafety) implements Serializable {
    /** 5000 iterations, 50 power iterations, safety 1.1. */
    public static final Config DEFAULT = new Config(5000, 50, 1.1);

    public Config {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
      }
      if (powerIterations < 1) {
        throw new IllegalArgumentException("powerIterations must be at least 1, got " + powerIterations);
      }
      if (!(lipschitzSafety >= 1) || Double.isInfinite(lipschitzSafety)) {
        throw new IllegalArgumentException("lipschitzSafety must be finite and >= 1, got " + lipschitzSafety);
      }
    }
  }

  /**
   * @param blockIterations gradient evaluations of the whole block
   * @param exampleIterations Σ_b iterations until example b stopped (cap for unconverged ones)
   * @param notConverged examples that hit the cap
   * @param maxGradientNorm largest ‖∇ₓE_b‖ at the last evaluated point of each example
   */
  public record Result(int blockIterations, long exampleIterations, int notConverged, double maxGradientNorm) {}

  /**
   * @param lipschitz the safe estimate of L (power estimate × safety)
   * @param iterations Hessian-vector products spent
   */
  public record Lipschitz(double lipschitz, int iterations) {}

  /** Relative change of the power-iteration Rayleigh quotient below which it stops early. */
  private static final double POWER_RELATIVE_CHANGE = 1e-4;

  private final Config config;
  private final int pixels;
  private final double[] z;
  private final double[] grad;
  private final double[] momentum;
  private final boolean[] done;
  private final double[] lastNorm;
  private final double[] powerVector;

  public AcceleratedGradient(Config config, ImageShape shape, int maxImages) {
    this.config = config;
    this.pixels = shape.pixels();
    z = new double[maxImages * pixels];
    grad = new double[maxImages * pixels];
    momentum = new double[maxImages];
    done = new boolean[maxImages];
    lastNorm = new double[maxImages];
    powerVector = new double[pixels];
  }

  public Config config() {
    return config;
  }

  /**
   * Estimates the Lipschitz constant of ∇ₓE on one image: power iteration on {@code ∇²ₓE(0)} from a fixed start
   * vector. Leaves the energy linearized at the zero image.
   */
  public Lipschitz estimateLipschitz(LowerLevelEnergy energy, double[] theta) {
    double[] zero = z; // reuse workspaces: zero image and iterate
    Arrays.fill(zero, 0, pixels, 0.0);
    energy.linearize(theta, zero, 1);
    double[] v = powerVector;
    double[] hv = grad;
    double norm = 0;
    for (int p = 0; p < pixels; p++) {
      // fixed, deterministic, sign-varying start with components along every frequency
      v[p] = ((p * 0x9E3779B1L >>> 7) & 1023) / 1023.0 - 0.5 + ((p & 1) == 0 ? 0.25 : -0.25);
      norm += v[p] * v[p];
    }
    scale(v, 1 / Math.sqrt(norm));
    double lambda = 0;
    int it = 0;
    while (it < config.powerIterations()) {
      energy.hessianVector(v, hv);
      it++;
      double nrm = 0;
      double rayleigh = 0;
      for (int p = 0; p < pixels; p++) {
        rayleigh += v[p] * hv[p];
        nrm += hv[p] * hv[p];
      }
      nrm = Math.sqrt(nrm);
      System.arraycopy(hv, 0, v, 0, pixels);
      scale(v, 1 / nrm);
      boolean small = Math.abs(rayleigh - lambda) <= POWER_RELATIVE_CHANGE * Math.abs(rayleigh);
      lambda = rayleigh;
      if (small) {
        break;
      }
    }
    return new Lipschitz(config.lipschitzSafety() * lambda, it);
  }

  /**
   * Minimises E(·; θ) over the block set in {@code energy}.
   *
   * @param x on entry the start (warm start), on exit the solution. Modified.
   * @param tolerance ε &gt; 0 on each example's ‖∇ₓE_b‖₂
   * @param lipschitz step is 1/lipschitz
   * @param iterationsOut if non-null, per-example iteration counts (length ≥ images). Modified.
   */
  public Result minimize(LowerLevelEnergy energy, double[] theta, double[] x, double tolerance, double lipschitz,
      int[] iterationsOut) {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("lower-level tolerance must be positive, got " + tolerance);
    }
    if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) {
      throw new IllegalArgumentException("Lipschitz constant must be positive and finite, got " + lipschitz);
    }
    int images = energy.images();
    int len = images * pixels;
    double step = 1 / lipschitz;
    System.arraycopy(x, 0, z, 0, len);
    Arrays.fill(momentum, 0, images, 1.0);
    Arrays.fill(done, 0, images, false);
    Arrays.fill(lastNorm, 0, images, Double.POSITIVE_INFINITY);
    long exampleIterations = 0;
    int remaining = images;
    int k = 0;
    while (remaining > 0 && k < config.maxIterations()) {
      energy.gradient(theta, z, grad);
      k++;
      for (int b = 0; b < images; b++) {
        if (done[b]) {
          continue;
        }
        int off = b * pixels;
        double gg = 0;
        double dir = 0;
        for (int p = off; p < off + pixels; p++) {
          double g = grad[p];
          gg += g * g;
          dir += g * (z[p] - step * g - x[p]);
        }
        double gNorm = Math.sqrt(gg);
        lastNorm[b] = gNorm;
        if (gNorm <= tolerance) {
          System.arraycopy(z, off, x, off, pixels);
          done[b] = true;
          remaining--;
          exampleIterations += k;
          if (iterationsOut != null) {
            iterationsOut[b] = k;
          }
          continue;
        }
        if (dir > 0) { // adaptive restart
          momentum[b] = 1.0;
          for (int p = off; p < off + pixels; p++) {
            z[p] -= step * grad[p];
            x[p] = z[p];
          }
        } else {
          double t = momentum[b];
          double tNext = 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
          double beta = (t - 1) / tNext;
          momentum[b] = tNext;
          for (int p = off; p < off + pixels; p++) {
            double xNew = z[p] - step * grad[p];
            z[p] = xNew + beta * (xNew - x[p]);
            x[p] = xNew;
          }
        }
      }
    }
    int notConverged = 0;
    double maxNorm = 0;
    for (int b = 0; b < images; b++) {
      maxNorm = Math.max(maxNorm, lastNorm[b]);
      if (!done[b]) {
        notConverged++;
        exampleIterations += k;
        if (iterationsOut != null) {
          iterationsOut[b] = k;
        }
      }
    }
    return new Result(k, exampleIterations, notConverged, maxNorm);
  }

  private static void scale(double[] v, double s) {
    for (int p = 0; p < v.length; p++) {
      v[p] *= s;
    }
  }
}
