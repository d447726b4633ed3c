package io.bmo.core.deconv;

import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvTape;
import io.bmo.core.nn.Flips;

/**
 * K stages of plug-and-play deblurring (half-quadratic splitting) inside the BMO inner loop, for one image with its
 * own blur, and the exact hypergradient of the upper loss through all stages and the network.
 *
 * <p>Stage k = 1..K, from u⁰ = y:
 * <pre>
 *   z_k = D_num(u_{k−1}; ρ_k) = argmin_x ½‖k ∗ x − y‖² + ρ_k/2‖x − u_{k−1}‖²     (FFT, {@link DeblurDataStep})
 *   v_l = D_net(z_k; σ_k)                                                      (the CNN, {@link ConvDenoiser})
 *   v_u = u_{k−1} − s·(u_{k−1} − x*)                                           (upper-level step, training pairs)
 *   u_k = Proj((1 − α)·u_{k−1} + α·(μ·v_u + (1 − μ)·v_l))                      (Proj: [0, 1] or none)
 * </pre>
 * with ρ_k = e^{a_k}, σ_k = e^{b_k}. With {@code flips}, stage k denoises the image flipped by F_k, k mod 4 = none,
 * left–right, up–down, both, and flips the result back: v_l = F_k D_net(F_k z_k; σ_k) (a periodic geometric
 * self-ensemble restricted to the transforms that keep the image's shape, so it applies to any H × W). The upper
 * loss is ℓ = ½‖u_K − x*‖² / P (P pixels). ω = (a, b) and, when {@code learnNetwork}, the network parameters θ after
 * them.
 *
 * <p><b>Memory.</b> The forward pass keeps the stage inputs u_{k−1} and the data-step outputs z_k (2·K images), not
 * the network's activations: the reverse pass re-runs the network of stage k on one {@link ConvTape} right before
 * its VJP — O(one stage's activations) at the same bits as keeping every tape.
 *
 * <p>Not thread-safe (one instance per thread); allocates only in the constructor.
 */
public final class PnpDeblur {
  /** BMO aggregation: μ, upper step s, relaxation α, and whether to project onto [0, 1]. */
  public record Aggregation(double mu, double upperStep, double alpha, boolean project)
      implements java.io.Serializable {
    public Aggregation {
      if (!(mu >= 0 && mu <= 1) || !(upperStep >= 0 && upperStep <= 2) || !(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("need mu in [0,1], upper step in [0,2], alpha in (0,1]; got " + mu
            + ", " + upperStep + ", " + alpha);
      }
    }
  }

  private final ConvDenoiser net;
  private final int stages;
  private final Aggregation agg;
  private final boolean learnNetwork;
  private final int pixels;
  private final double[][] us;
  private final double[][] zs;
  private final double[] v;
  private final double[] g;
  private final double[] gz;
  private final double[] gn;
  private final double[] sigma = new double[1];
  private final double[] gSigma = new double[1];
  private final ConvTape tape;
  private final boolean flips;
  private final double[] flipped;
  private final double[] netParams;
  private final double[] gTheta;

  /**
   * @param net the denoiser for single images of the deblurred size (maxImages ≥ 1)
   * @param stages K ≥ 1
   * @param learnNetwork whether ω carries the network parameters after (a, b)
   */
  public PnpDeblur(ConvDenoiser net, int stages, Aggregation agg, boolean learnNetwork) {
    this(net, stages, agg, learnNetwork, false);
  }

  /**
   * @param net the denoiser for single images of the deblurred size (maxImages ≥ 1)
   * @param stages K ≥ 1
   * @param learnNetwork whether ω carries the network parameters after (a, b)
   * @param flips whether stage k denoises the image flipped by k mod 4 (see the class comment)
   */
  public PnpDeblur(ConvDenoiser net, int stages, Aggregation agg, boolean learnNetwork, boolean flips) {
    if (stages < 1) {
      throw new IllegalArgumentException("stages must be >= 1, got " + stages);
    }
    this.net = net;
    this.stages = stages;
    this.agg = agg;
    this.learnNetwork = learnNetwork;
    this.pixels = net.height() * net.width();
    this.us = new double[stages + 1][pixels];
    this.zs = new double[stages][pixels];
    this.v = new double[pixels];
    this.g = new double[pixels];
    this.gz = new double[pixels];
    this.gn = new double[pixels];
    this.tape = net.newTape();
    this.flips = flips;
    this.flipped = flips ? new double[pixels] : null;
    int np = learnNetwork ? net.spec().parameterCount() : 0;
    this.netParams = new double[np];
    this.gTheta = new double[np];
  }

  /** Length of ω: 2K stage parameters, plus the network's parameters when they are learned. */
  public int dimension() {
    return 2 * stages + (learnNetwork ? net.spec().parameterCount() : 0);
  }

  /**
   * DPIR's hand schedule as ω's stage part: σ_k log-spaced from σ₁ down to the noise level σ, ρ_k = λσ²/σ_k².
   */
  public static double[] dpirSchedule(int stages, double sigma1, double noiseSigma, double lambda) {
    double[] w = new double[2 * stages];
    for (int k = 0; k < stages; k++) {
      double t = stages == 1 ? 1.0 : (double) k / (stages - 1);
      double sk = Math.exp(Math.log(sigma1) + t * (Math.log(noiseSigma) - Math.log(sigma1)));
      w[k] = Math.log(lambda * noiseSigma * noiseSigma / (sk * sk));
      w[stages + k] = Math.log(sk);
    }
    return w;
  }

  /**
   * Runs the K stages; {@code out} = u_K.
   *
   * @param omega ω (stage part, then θ when learned), not modified
   * @param theta the network parameters when they are not in ω (ignored otherwise), not modified
   * @param step the data step of this image's blur
   * @param y observation; clean x* (used by the upper step when μ &gt; 0, may be null when μ = 0)
   */
  public void forward(double[] omega, double[] theta, DeblurDataStep step, double[] y, double[] clean,
      double[] out) {
    double[] params = params(omega, theta);
    System.arraycopy(y, 0, us[0], 0, pixels);
    for (int k = 0; k < stages; k++) {
      double[] u = us[k];
      step.apply(y, u, Math.exp(omega[k]), zs[k]);
      denoise(params, omega, k, null);
      combine(u, v, clean, us[k + 1]);
    }
    System.arraycopy(us[stages], 0, out, 0, pixels);
  }

  /**
   * ℓ = ½‖u_K − x*‖²/P and its gradient, added into {@code gOmega} (layout of ω; the network part only when learned).
   *
   * @return ℓ
   */
  public double lossAndGradient(double[] omega, double[] theta, DeblurDataStep step, double[] y, double[] clean,
      double[] gOmega) {
    double[] params = params(omega, theta);
    forward(omega, theta, step, y, clean, gz);
    double loss = 0;
    for (int p = 0; p < pixels; p++) {
      double d = us[stages][p] - clean[p];
      loss += d * d;
      g[p] = d / pixels; // ū_K
    }
    loss = 0.5 * loss / pixels;
    if (learnNetwork) {
      java.util.Arrays.fill(gTheta, 0.0);
    }
    double a = agg.alpha();
    double mu = agg.mu();
    double beta = a * (1 - mu);
    double direct = (1 - a) + a * mu * (1 - agg.upperStep());
    for (int k = stages - 1; k >= 0; k--) {
      double[] u = us[k];
      // re-run stage k's network on the tape (same bits as the forward pass): v_l = D(z_k; σ_k)
      denoise(params, omega, k, tape);
      int f = flip(k);
      // u_{k+1} = Proj(val): the projection passes the cotangent where val was inside [0, 1]
      for (int p = 0; p < pixels; p++) {
        double gp = g[p];
        if (agg.project()) {
          double val = relaxed(u[p], v[p], clean == null ? 0.0 : clean[p]);
          if (val < 0.0 || val > 1.0) {
            gp = 0.0;
          }
        }
        gn[p] = beta * gp; // v̄_l
        g[p] = direct * gp; // the direct part of ū_k
      }
      if (f == 0) {
        net.vjp(params, tape, gn, gz, gSigma, learnNetwork ? gTheta : null);
      } else { // each flip is its own inverse and its own transpose
        flip(f, gn, flipped);
        net.vjp(params, tape, flipped, flipped, gSigma, learnNetwork ? gTheta : null);
        flip(f, flipped, gz);
      }
      gOmega[stages + k] += gSigma[0] * sigma[0];
      // data step: z_k = D_num(u_k; ρ_k)
      double rho = Math.exp(omega[k]);
      gOmega[k] += step.vjp(u, zs[k], rho, gz, null, gn) * rho;
      for (int p = 0; p < pixels; p++) {
        g[p] += gn[p];
      }
    }
    if (learnNetwork) {
      for (int i = 0; i < gTheta.length; i++) {
        gOmega[2 * stages + i] += gTheta[i];
      }
    }
    return loss;
  }

  /**
   * v = v_l of stage k = F_k D_net(F_k z_k; σ_k) (F_k = identity without flips), with σ_k in {@code sigma}; records
   * the network's activations in {@code tape} when it is not null.
   */
  private void denoise(double[] params, double[] omega, int k, ConvTape tape) {
    sigma[0] = Math.exp(omega[stages + k]);
    int f = flip(k);
    double[] in = zs[k];
    double[] out = v;
    if (f != 0) {
      flip(f, zs[k], flipped);
      in = flipped;
      out = flipped;
    }
    if (tape == null) {
      net.apply(params, in, sigma, 1, out);
    } else {
      net.forward(params, in, sigma, 1, out, tape);
    }
    if (f != 0) {
      flip(f, flipped, v);
    }
  }

  /** The flip of stage k: 0 = none, 1 = left–right, 2 = up–down, 3 = both. */
  private int flip(int k) {
    return flips ? k & 3 : 0;
  }

  /** dst = F src for flip f (src and dst distinct). */
  private void flip(int f, double[] src, double[] dst) {
    Flips.apply(f, src, dst, net.height(), net.width());
  }

  /** (1 − α)·u + α·(μ·v_u + (1 − μ)·v_l), before the projection. */
  private double relaxed(double u, double vl, double clean) {
    double a = agg.alpha();
    double mu = agg.mu();
    double vu = mu > 0 ? u - agg.upperStep() * (u - clean) : 0.0;
    return (1 - a) * u + a * (mu * vu + (1 - mu) * vl);
  }

  private void combine(double[] u, double[] vl, double[] clean, double[] out) {
    for (int p = 0; p < pixels; p++) {
      double val = relaxed(u[p], vl[p], clean == null ? 0.0 : clean[p]);
      out[p] = agg.project() ? Math.min(1.0, Math.max(0.0, val)) : val;
    }
  }

  private double[] params(double[] omega, double[] theta) {
    if (!learnNetwork) {
      return theta;
    }
    System.arraycopy(omega, 2 * stages, netParams, 0, netParams.length);
    return netParams;
  }
}
