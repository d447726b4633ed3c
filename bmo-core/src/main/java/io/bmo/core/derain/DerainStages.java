package io.bmo.core.derain;

import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvTape;
import io.bmo.core.nn.Flips;
import java.util.Arrays;

/**
 * K stages of learned deraining over the pair u = (B, R) inside the BMO inner loop, for one rainy image O, and the
 * exact hypergradient of the upper loss through all stages, the streak filters and the network.
 *
 * <p>Stage k = 1..K, from (B₀, R₀) = (O, 0):
 * <pre>
 *   R̃ = soft(R − η_k Σ_j f_jᵀ ⋆ (f_j ⋆ R), λ_k)                  (streak prior, {@link StreakStep}, filters shared)
 *   B̃ = D_net(B; σ_k)                                            (background prior: the CNN, {@link ConvDenoiser})
 *   v_l = prox of ½ τ_k ‖B + R − O‖² at (B̃, R̃)                   ({@link DataStep}, unit weights; even or split)
 *   v_u = u − s·(u − u*),   u* = (B*, O − B*)                    (upper-level step, training pairs)
 *   u_k = Proj((1 − α)·u + α·(μ·v_u + (1 − μ)·v_l))              (Proj: both layers into [0, 1], or none)
 * </pre>
 * with τ_k = e^{t_k}, σ_k = e^{s_k}, η_k = e^{e_k}, λ_k = e^{l_k}. The restored image y is, by {@link Output}, the
 * background B_K, the rain complement O − R_K, the blend γ·B_K + (1 − γ)·(O − R_K) with γ = 1/(1 + e^{−c}) learned, or
 * the gated background y = B_K + m ⊙ (O − B_K), m = 1/(1 + e^{−(c + g_φ(d, O))}) per pixel, d = O − B_K, where g_φ is
 * a second CNN ({@link ConvDenoiser} with the observed image as its second input channel, g = d − G(d; O)): it gives
 * back the observation where what the stages removed was not rain.
 * The upper loss is ℓ = ½‖y − B*‖² / P (P pixels).
 * With stage flips, stage k's network sees the background flipped by F_k, k mod 4 = none, left–right, up–down, both
 * ({@link Flips}), and its output is flipped back: B̃ = F_k D_net(F_k B; σ_k) (a geometric self-ensemble spread over
 * the stages at no extra cost; the streak and data steps are not flipped).
 * The data step shares its correction evenly between B and R, or, with a learned split, gives B the fraction
 * β_k = 1/(1 + e^{−b_k}) of it ({@link DataStep#applySplit}; b_k = 0 is the even step, bit for bit).
 *
 * <p>ω layout ({@link #dimension()}): t (K), s (K), e (K), l (K), with a learned split b (K), with the blend or gated
 * output c (1), the F filters of S×S taps, then the network's θ: one θ shared by every stage, or with stage networks
 * K of them, θ_1 … θ_K, stage k running its own (the same computation per stage, K times the weights); with the
 * gated output the gate network's φ last (always learned).
 * When the network is not learned its gradient is left untouched (exactly zero from the caller's buffer).
 *
 * <p><b>Memory.</b> The forward pass keeps the stage inputs (B_{k−1}, R_{k−1}) only (2·K images); the reverse pass
 * recomputes stage k's streak step, re-runs its network on one {@link ConvTape} (same bits as the forward pass) and
 * then applies the VJPs. Not thread-safe (one instance per thread); allocates only in the constructor and in
 * {@link StreakStep#vjp}'s two-value result.
 */
public final class DerainStages {
  /** The restored image y of the K stages, on which the upper loss is taken. */
  public enum Output {
    /** y = B_K, the background layer. */
    BACKGROUND,
    /** y = O − R_K: the rainy image less the streak layer, so it keeps whatever texture R_K does not claim. */
    COMPLEMENT,
    /** y = γ·B_K + (1 − γ)·(O − R_K), γ = 1/(1 + e^{−c}) with c in ω (started at 0, γ = ½). */
    BLEND,
    /** y = B_K + m ⊙ (O − B_K), the per-pixel gate m from a second network (class comment), c in ω. */
    GATED;

    /** The lower-case config value ({@code background}, {@code complement}, {@code blend}, {@code gated}). */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The output whose {@link #key()} is {@code key}, or null. */
    public static Output of(String key) {
      for (Output v : values()) {
        if (v.key().equals(key)) {
          return v;
        }
      }
      return null;
    }
  }

  private final ConvDenoiser net;
  private final StreakStep streak;
  private final int stages;
  private final int filterTaps;
  private final PnpDeblur.Aggregation agg;
  private final boolean learnNetwork;
  private final boolean learnSplit;
  private final int networks;
  private final int stageParams;
  private final Output output;
  private final int pixels;
  private final double[][] bs;
  private final double[][] rs;
  private final double[] ones;
  private final double[] bt;
  private final double[] rt;
  private final double[] pre;
  private final double[] bp;
  private final double[] rp;
  private final double[] gb;
  private final double[] gr;
  private final double[] gbt;
  private final double[] grt;
  private final double[] gx;
  private final double[] sigma = new double[1];
  private final double[] gSigma = new double[1];
  private final double[] gData = new double[2];
  private final ConvTape tape;
  private final double[] netParams;
  private final double[] gTheta;
  private final double[] gFilters;
  /** The gated output's network, its parameters, tape, gradient and buffers (null without the gated output). */
  private final ConvDenoiser gate;
  private final double[] gateParams;
  private final ConvTape gateTape;
  private final double[] gPhi;
  private final double[] gateIn;
  private final double[] gateM;
  /** Whether stage k's network runs on the flip k mod 4 of its input; then the flipped image (in place). */
  private final boolean flips;
  private final double[] flipped;

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork) {
    this(net, stages, filters, filterSize, agg, learnNetwork, false);
  }

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   * @param learnSplit whether ω holds the data step's per-stage split b_k (else the even step)
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork, boolean learnSplit) {
    this(net, stages, filters, filterSize, agg, learnNetwork, learnSplit, false);
  }

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   * @param learnSplit whether ω holds the data step's per-stage split b_k (else the even step)
   * @param stageNetworks whether ω holds one network per stage (else one shared by all stages)
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks) {
    this(net, stages, filters, filterSize, agg, learnNetwork, learnSplit, stageNetworks, Output.BACKGROUND);
  }

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   * @param learnSplit whether ω holds the data step's per-stage split b_k (else the even step)
   * @param stageNetworks whether ω holds one network per stage (else one shared by all stages)
   * @param output the restored image the loss is taken on (with {@link Output#BLEND}, ω holds its logit c)
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, Output output) {
    this(net, stages, filters, filterSize, agg, learnNetwork, learnSplit, stageNetworks, output, null);
  }

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   * @param learnSplit whether ω holds the data step's per-stage split b_k (else the even step)
   * @param stageNetworks whether ω holds one network per stage (else one shared by all stages)
   * @param output the restored image the loss is taken on (with {@link Output#BLEND} or {@link Output#GATED}, ω
   *     holds its logit c)
   * @param gate with {@link Output#GATED}, the gate network for single images of the derained size, its spec with
   *     the second input channel (the observed image); else null
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, Output output, ConvDenoiser gate) {
    this(net, stages, filters, filterSize, agg, learnNetwork, learnSplit, stageNetworks, output, gate, false);
  }

  /**
   * @param net the background network for single images of the derained size
   * @param filters F ≥ 1 streak filters of side {@code filterSize} (odd)
   * @param learnNetwork whether the gradient includes the network's weights
   * @param learnSplit whether ω holds the data step's per-stage split b_k (else the even step)
   * @param stageNetworks whether ω holds one network per stage (else one shared by all stages)
   * @param output the restored image the loss is taken on (with {@link Output#BLEND} or {@link Output#GATED}, ω
   *     holds its logit c)
   * @param gate with {@link Output#GATED}, the gate network for single images of the derained size, its spec with
   *     the second input channel (the observed image); else null
   * @param flips whether stage k's network runs on its input flipped by k mod 4 (class comment)
   */
  public DerainStages(ConvDenoiser net, int stages, int filters, int filterSize, PnpDeblur.Aggregation agg,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, Output output, ConvDenoiser gate,
      boolean flips) {
    if (stages < 1 || filters < 1) {
      throw new IllegalArgumentException("stages and filters must be >= 1, got " + stages + ", " + filters);
    }
    if ((output == Output.GATED) != (gate != null)) {
      throw new IllegalArgumentException("the gated output needs a gate network, and only it does");
    }
    if (gate != null && (gate.height() != net.height() || gate.width() != net.width()
        || !gate.spec().noiseLevelInput())) {
      throw new IllegalArgumentException("the gate network needs the images' size and a second input channel");
    }
    this.net = net;
    this.streak = new StreakStep(net.height(), net.width(), filterSize);
    this.stages = stages;
    this.filterTaps = filters * filterSize * filterSize;
    this.agg = agg;
    this.learnNetwork = learnNetwork;
    this.learnSplit = learnSplit;
    this.networks = stageNetworks ? stages : 1;
    this.stageParams = learnSplit ? 5 : 4;
    this.output = output;
    this.pixels = net.height() * net.width();
    this.bs = new double[stages + 1][pixels];
    this.rs = new double[stages + 1][pixels];
    this.ones = new double[pixels];
    Arrays.fill(ones, 1.0);
    this.bt = new double[pixels];
    this.rt = new double[pixels];
    this.pre = new double[pixels];
    this.bp = new double[pixels];
    this.rp = new double[pixels];
    this.gb = new double[pixels];
    this.gr = new double[pixels];
    this.gbt = new double[pixels];
    this.grt = new double[pixels];
    this.gx = new double[pixels];
    this.tape = net.newTape();
    this.netParams = new double[net.spec().parameterCount()];
    this.gTheta = new double[learnNetwork ? netParams.length : 0];
    this.gFilters = new double[filterTaps];
    this.gate = gate;
    this.gateParams = gate == null ? null : new double[gate.spec().parameterCount()];
    this.gateTape = gate == null ? null : gate.newTape();
    this.gPhi = gate == null ? null : new double[gateParams.length];
    this.gateIn = gate == null ? null : new double[pixels];
    this.gateM = gate == null ? null : new double[pixels];
    this.flips = flips;
    this.flipped = flips ? new double[pixels] : null;
  }

  /**
   * Length of ω: 4K (5K with a learned split) stage parameters, the output logit (blend or gated), the filters, the
   * network's parameters (K times with stage networks) and the gate network's.
   */
  public int dimension() {
    return gateOffset() + (gate == null ? 0 : gateParams.length);
  }

  /** Offset of the gate network's φ in ω (meaningful with {@link Output#GATED}). */
  public int gateOffset() {
    return networkOffset() + networks * netParams.length;
  }

  /** Offset of the blend or gate logit c in ω (meaningful with {@link Output#BLEND} or {@link Output#GATED}). */
  public int outputOffset() {
    return stageParams * stages;
  }

  /** Offset of the split parameters b_k in ω (meaningful with a learned split). */
  public int splitOffset() {
    return 4 * stages;
  }

  /** Offset of the filters in ω. */
  public int filterOffset() {
    return stageParams * stages + (output == Output.BLEND || output == Output.GATED ? 1 : 0);
  }

  /** Offset of the (first) network's parameters in ω. */
  public int networkOffset() {
    return filterOffset() + filterTaps;
  }

  /**
   * γ, the background's weight in the restored image: 1 for B_K, 0 for O − R_K, 1/(1 + e^{−c}) for the blend; for
   * the gated output, per pixel, 1 − m (the mean over the last forward's pixels).
   */
  public double outputWeight(double[] omega) {
    return switch (output) {
      case BACKGROUND -> 1.0;
      case COMPLEMENT -> 0.0;
      case BLEND -> share(omega[outputOffset()]);
      case GATED -> {
        double s = 0;
        for (int p = 0; p < pixels; p++) {
          s += 1 - gateM[p];
        }
        yield s / pixels;
      }
    };
  }

  /** β_k = 1/(1 + e^{−b_k}), the background's share of stage k's data-step correction (½ without a learned split). */
  public double split(double[] omega, int k) {
    return learnSplit ? share(omega[splitOffset() + k]) : 0.5;
  }

  /** β = 1/(1 + e^{−b}), the background's share for the split logit b (b = 0 gives ½ exactly). */
  public static double share(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }

  /**
   * Runs the K stages from (O, 0).
   *
   * @param omega ω (layout in the class comment), not modified
   * @param o the rainy image, not modified
   * @param clean B* for the upper step when μ &gt; 0 (may be null when μ = 0), not modified
   * @param yOut the restored image y ({@link Output}; B_K by default), not clamped. Modified.
   * @param rOut R_K, or null. Modified.
   */
  public void forward(double[] omega, double[] o, double[] clean, double[] yOut, double[] rOut) {
    run(omega, o, clean, yOut, rOut, false);
  }

  /** {@link #forward}, recording the gate network's activations when {@code record}. */
  private void run(double[] omega, double[] o, double[] clean, double[] yOut, double[] rOut, boolean record) {
    double[] theta = params(omega, 0);
    double[] f = Arrays.copyOfRange(omega, filterOffset(), networkOffset());
    System.arraycopy(o, 0, bs[0], 0, pixels);
    Arrays.fill(rs[0], 0.0);
    for (int k = 0; k < stages; k++) {
      lower(omega, theta, f, k, o, null);
      combine(bs[k], bp, clean, o, true, bs[k + 1]);
      combine(rs[k], rp, clean, o, false, rs[k + 1]);
    }
    restored(omega, o, yOut, record);
    if (rOut != null) {
      System.arraycopy(rs[stages], 0, rOut, 0, pixels);
    }
  }

  /** y from the last forward's (B_K, R_K), into {@code y}; the gate's activations on its tape when {@code record}. */
  private void restored(double[] omega, double[] o, double[] y, boolean record) {
    double[] b = bs[stages];
    double[] r = rs[stages];
    if (output == Output.GATED) {
      System.arraycopy(omega, gateOffset(), gateParams, 0, gateParams.length);
      for (int p = 0; p < pixels; p++) {
        gateIn[p] = o[p] - b[p];
      }
      if (record) {
        gate.forwardGuided(gateParams, gateIn, o, 1, y, gateTape);
      } else {
        gate.applyGuided(gateParams, gateIn, o, 1, y);
      }
      double c = omega[outputOffset()];
      for (int p = 0; p < pixels; p++) {
        double d = gateIn[p];
        gateM[p] = share(c + (d - y[p])); // g = d − G(d; O)
        y[p] = b[p] + gateM[p] * d;
      }
    } else if (output == Output.BACKGROUND) {
      System.arraycopy(b, 0, y, 0, pixels);
    } else if (output == Output.COMPLEMENT) {
      for (int p = 0; p < pixels; p++) {
        y[p] = o[p] - r[p];
      }
    } else {
      double g = outputWeight(omega);
      for (int p = 0; p < pixels; p++) {
        y[p] = g * b[p] + (1 - g) * (o[p] - r[p]);
      }
    }
  }

  /** (B_k, R_k) after stage k = 1..K of the last {@link #forward} (views of the internal buffers; do not modify). */
  public double[][] stage(int k) {
    return new double[][] {bs[k], rs[k]};
  }

  /**
   * ℓ = ½‖y − B*‖²/P and its gradient, added into {@code gOmega} (layout of ω; the network part only when learned).
   *
   * @return ℓ
   */
  public double lossAndGradient(double[] omega, double[] o, double[] clean, double[] gOmega) {
    double[] theta = params(omega, 0);
    double[] f = Arrays.copyOfRange(omega, filterOffset(), networkOffset());
    run(omega, o, clean, gx, null, true);
    double loss = 0;
    double gamma = output == Output.BLEND ? outputWeight(omega) : 1.0; // only the blend's loop reads γ
    double gGamma = 0;
    for (int p = 0; p < pixels; p++) {
      double d = gx[p] - clean[p];
      loss += d * d;
      double g = d / pixels;
      if (output == Output.BACKGROUND) {
        gb[p] = g;
        gr[p] = 0;
      } else if (output == Output.GATED) {
        double m = gateM[p];
        double gh = g * gateIn[p] * m * (1 - m); // ∂ℓ/∂(c + g_p)
        gGamma += gh;
        gb[p] = g * (1 - m); // the gate network's part is added below
        gr[p] = 0;
        grt[p] = -gh; // cotangent of G's output: g = d − G
      } else if (output == Output.COMPLEMENT) {
        gb[p] = 0;
        gr[p] = -g;
      } else {
        gb[p] = gamma * g;
        gr[p] = -(1 - gamma) * g;
        gGamma += g * (bs[stages][p] - (o[p] - rs[stages][p]));
      }
    }
    loss = 0.5 * loss / pixels;
    if (output == Output.BLEND) {
      gOmega[outputOffset()] += gGamma * gamma * (1 - gamma);
    } else if (output == Output.GATED) {
      gOmega[outputOffset()] += gGamma;
      Arrays.fill(gPhi, 0.0);
      gate.vjp(gateParams, gateTape, grt, gbt, null, gPhi); // gbt = −gh + (∂f/∂d)ᵀgh, so ∂g/∂d ᵀ gh = gbt + gh
      for (int p = 0; p < pixels; p++) {
        gb[p] -= gbt[p] - grt[p]; // d = O − B_K
      }
      for (int i = 0; i < gPhi.length; i++) {
        gOmega[gateOffset() + i] += gPhi[i];
      }
    }
    if (learnNetwork) {
      Arrays.fill(gTheta, 0.0);
    }
    double a = agg.alpha();
    double mu = agg.mu();
    double beta = a * (1 - mu);
    double direct = (1 - a) + a * mu * (1 - agg.upperStep());
    for (int k = stages - 1; k >= 0; k--) {
      lower(omega, theta, f, k, o, tape);
      mask(bs[k], bp, clean, o, true, gb);
      mask(rs[k], rp, clean, o, false, gr);
      for (int p = 0; p < pixels; p++) {
        gbt[p] = beta * gb[p];
        grt[p] = beta * gr[p];
        gb[p] *= direct;
        gr[p] *= direct;
      }
      double tau = Math.exp(omega[k]);
      double share = split(omega, k);
      DataStep.vjpSplit(bt, rt, o, ones, tau, share, gbt, grt, gbt, grt, null, gData, pixels);
      gOmega[k] += gData[0] * tau;
      if (learnSplit) {
        gOmega[splitOffset() + k] += gData[1] * share * (1 - share);
      }
      int fk = flip(k);
      if (fk == 0) {
        net.vjp(theta, tape, gbt, gx, gSigma, learnNetwork ? gTheta : null); // theta holds stage k's θ (lower)
      } else { // each flip is its own inverse and its own transpose
        Flips.apply(fk, gbt, flipped, net.height(), net.width());
        net.vjp(theta, tape, flipped, flipped, gSigma, learnNetwork ? gTheta : null);
        Flips.apply(fk, flipped, gx, net.height(), net.width());
      }
      if (learnNetwork && networks > 1) {
        int at = networkOffset() + k * gTheta.length;
        for (int i = 0; i < gTheta.length; i++) {
          gOmega[at + i] += gTheta[i];
        }
        Arrays.fill(gTheta, 0.0);
      }
      gOmega[stages + k] += gSigma[0] * sigma[0];
      double eta = Math.exp(omega[2 * stages + k]);
      double lambda = Math.exp(omega[3 * stages + k]);
      Arrays.fill(gFilters, 0.0);
      double[] ge = streak.vjp(rs[k], pre, f, eta, lambda, grt, rp, gFilters, 1);
      for (int i = 0; i < filterTaps; i++) {
        gOmega[filterOffset() + i] += gFilters[i];
      }
      gOmega[2 * stages + k] += ge[0] * eta;
      gOmega[3 * stages + k] += ge[1] * lambda;
      for (int p = 0; p < pixels; p++) {
        gb[p] += gx[p];
        gr[p] += rp[p];
      }
    }
    if (learnNetwork && networks == 1) {
      for (int i = 0; i < gTheta.length; i++) {
        gOmega[networkOffset() + i] += gTheta[i];
      }
    }
    return loss;
  }

  /**
   * Stage k's lower-level map at (B_k, R_k): fills {@code pre} (streak values before the threshold), {@code rt},
   * {@code bt} (network output, recorded on {@code tp} when given; with flips the network sees F_k B_k and its output
   * is flipped back) and the data step's output (bp, rp). With stage networks it first loads stage k's θ into
   * {@code theta} (the {@link #params} buffer).
   */
  private void lower(double[] omega, double[] theta, double[] f, int k, double[] o, ConvTape tp) {
    if (networks > 1) {
      params(omega, k);
    }
    double eta = Math.exp(omega[2 * stages + k]);
    double lambda = Math.exp(omega[3 * stages + k]);
    streak.apply(rs[k], f, eta, 0.0, pre, 1);
    for (int p = 0; p < pixels; p++) {
      rt[p] = StreakStep.soft(pre[p], lambda);
    }
    sigma[0] = Math.exp(omega[stages + k]);
    int fk = flip(k);
    double[] in = bs[k];
    double[] out = bt;
    if (fk != 0) { // the network's output may alias its input
      Flips.apply(fk, bs[k], flipped, net.height(), net.width());
      in = flipped;
      out = flipped;
    }
    if (tp == null) {
      net.apply(theta, in, sigma, 1, out);
    } else {
      net.forward(theta, in, sigma, 1, out, tp);
    }
    if (fk != 0) {
      Flips.apply(fk, flipped, bt, net.height(), net.width());
    }
    DataStep.applySplit(bt, rt, o, ones, Math.exp(omega[k]), split(omega, k), bp, rp, pixels);
  }

  /** The flip of stage k's network input: 0 = none, 1 = left–right, 2 = up–down, 3 = both (0 without flips). */
  private int flip(int k) {
    return flips ? k & 3 : 0;
  }

  /** The target of the upper step at pixel p: B* for the background, O − B* for the streaks. */
  private static double target(double[] clean, double[] o, int p, boolean background) {
    return background ? clean[p] : o[p] - clean[p];
  }

  /** (1 − α)·u + α·(μ·v_u + (1 − μ)·v_l) at pixel p, before the projection. */
  private double relaxed(double u, double vl, double[] clean, double[] o, int p, boolean background) {
    double a = agg.alpha();
    double mu = agg.mu();
    double vu = mu > 0 ? u - agg.upperStep() * (u - target(clean, o, p, background)) : 0.0;
    return (1 - a) * u + a * (mu * vu + (1 - mu) * vl);
  }

  private void combine(double[] u, double[] vl, double[] clean, double[] o, boolean background, double[] out) {
    for (int p = 0; p < pixels; p++) {
      double val = relaxed(u[p], vl[p], clean, o, p, background);
      out[p] = agg.project() ? Math.min(1.0, Math.max(0.0, val)) : val;
    }
  }

  /** Zeroes the cotangent {@code g} (modified) where the projection clipped. */
  private void mask(double[] u, double[] vl, double[] clean, double[] o, boolean background, double[] g) {
    if (!agg.project()) {
      return;
    }
    for (int p = 0; p < pixels; p++) {
      double val = relaxed(u[p], vl[p], clean, o, p, background);
      if (val < 0.0 || val > 1.0) {
        g[p] = 0.0;
      }
    }
  }

  /** Network k's θ (network 0 when shared), copied into the one parameter buffer, which is returned. */
  private double[] params(double[] omega, int k) {
    System.arraycopy(omega, networkOffset() + k * netParams.length, netParams, 0, netParams.length);
    return netParams;
  }
}
