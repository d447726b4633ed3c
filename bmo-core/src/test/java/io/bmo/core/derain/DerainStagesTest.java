package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Padding;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole (B, R) iteration: the hypergradient of ½‖B_K − B*‖²/P in every stage parameter, filter taps and network
 * weights against central differences, with and without the projection and the upper step; a 0.1 % error in any
 * checked component is detected; the trace and the loss are deterministic.
 */
class DerainStagesTest {
  static final int H = 10;
  static final int W = 9;
  static final int STAGES = 3;
  static final int FILTERS = 2;
  static final int SIDE = 3;
  static final ConvNetSpec SPEC = new ConvNetSpec(2, 4, 3, List.of(1, 2), Padding.ZERO, true);
  /** The gated output's network: the observed image as its second channel. */
  static final ConvNetSpec GATE = new ConvNetSpec(3, 3, 3, List.of(1, 2, 1), Padding.ZERO, true);
  /** Relative agreement of analytic and central-difference derivatives: the FD truncation error at h = 1e-5. */
  static final double FD_TOL = 1e-6;

  /** A clean image and its rainy version (seeded streaks, screen blend). */
  static double[][] pair(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] clean = new double[H * W];
    for (int p = 0; p < clean.length; p++) {
      clean[p] = 0.45 + 0.3 * Math.sin(0.5 * (p / W) + 0.2 * (p % W)) + 0.05 * (r.nextDouble() - 0.5);
    }
    RainSpec spec = new RainSpec(1, 0.05, new RainSpec.Range(-20, 20), 2, new RainSpec.Range(4, 8),
        new RainSpec.Range(1, 2), new RainSpec.Range(0.3, 0.6));
    double[] layer = new RainStreaks(spec, seed).layer(H, W, 0);
    double[] o = new double[clean.length];
    for (int p = 0; p < o.length; p++) {
      o[p] = RainStreaks.screen(clean[p], layer[p]);
    }
    return new double[][] {clean, o};
  }

  static DerainStages stages(double mu, boolean project, boolean learn) {
    return stages(mu, project, learn, false);
  }

  static DerainStages stages(double mu, boolean project, boolean learn, boolean split) {
    return new DerainStages(new ConvDenoiser(SPEC, H, W, 1), STAGES, FILTERS, SIDE,
        new PnpDeblur.Aggregation(mu, 0.8, 0.9, project), learn, split);
  }

  static double[] omega(DerainStages d) {
    double[] w = new double[d.dimension()];
    SplittableRandom r = new SplittableRandom(9);
    int stages = d.splitOffset() / 4; // STAGES, or another count (the flipped stages' four)
    for (int k = 0; k < stages; k++) {
      w[k] = Math.log(0.7 + 0.2 * k);
      w[stages + k] = Math.log(0.08 - 0.01 * k);
      w[2 * stages + k] = Math.log(0.05 + 0.02 * k);
      w[3 * stages + k] = Math.log(0.004 + 0.002 * k);
    }
    for (int k = 0; d.outputOffset() > 4 * stages && k < stages; k++) {
      w[d.splitOffset() + k] = 0.9 - 0.6 * k; // β_k from 0.71 down to 0.42
    }
    if (d.filterOffset() > d.outputOffset()) {
      w[d.outputOffset()] = -0.4; // the blend's γ = 0.40
    }
    for (int i = d.filterOffset(); i < d.networkOffset(); i++) {
      w[i] = (r.nextDouble() - 0.5) / SIDE;
    }
    // one network, or with stage networks K different ones (seeds 5, 6, …)
    for (int k = 0; d.networkOffset() + k * SPEC.parameterCount() < d.gateOffset(); k++) {
      System.arraycopy(SPEC.initialParameters(5 + k), 0, w, d.networkOffset() + k * SPEC.parameterCount(),
          SPEC.parameterCount());
    }
    if (d.gateOffset() < w.length) { // the gated output's network, every layer nonzero
      System.arraycopy(GATE.initialParameters(11), 0, w, d.gateOffset(), GATE.parameterCount());
    }
    return w;
  }

  static double loss(DerainStages d, double[] w, double[][] pair) {
    double[] b = new double[H * W];
    d.forward(w, pair[1], pair[0], b, null);
    double s = 0;
    for (int p = 0; p < b.length; p++) {
      s += (b[p] - pair[0][p]) * (b[p] - pair[0][p]);
    }
    return 0.5 * s / b.length;
  }

  /** Checks the listed coordinates; returns how many were checked. */
  static int check(double mu, boolean project, boolean learn, int[] coords) {
    return check(stages(mu, project, learn), mu, project, coords);
  }

  static int check(DerainStages d, double mu, boolean project, int[] coords) {
    double[][] pair = pair(4);
    double[] w = omega(d);
    double[] g = new double[w.length];
    double l = d.lossAndGradient(w, pair[1], pair[0], g);
    assertEquals(loss(d, w, pair), l, 0.0, "the loss with and without the gradient");
    for (int i : coords) {
      double h = 1e-5 * Math.max(1, Math.abs(w[i]));
      double[] a = w.clone();
      double[] b = w.clone();
      a[i] += h;
      b[i] -= h;
      double fd = (loss(d, a, pair) - loss(d, b, pair)) / (2 * h);
      double tol = FD_TOL * Math.max(1e-3, Math.abs(fd));
      assertEquals(fd, g[i], tol, "coordinate " + i + " (mu " + mu + ", project " + project + ")");
      if (Math.abs(fd) > 1e-5) { // above the tolerance floor, a 0.1 % error exceeds it
        assertTrue(Math.abs(fd - 1.001 * g[i]) > tol, "a 0.1 % error at coordinate " + i + " must be detected");
      }
    }
    return coords.length;
  }

  static int[] stageAndFilterCoordinates() {
    int n = 4 * STAGES + FILTERS * SIDE * SIDE;
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = i;
    }
    return c;
  }

  @Test
  void stageAndFilterHypergradientEqualsCentralDifferences() {
    check(0.0, false, false, stageAndFilterCoordinates());
    check(0.3, false, false, stageAndFilterCoordinates());
    check(0.3, true, false, stageAndFilterCoordinates());
  }

  @Test
  void learnedSplitHypergradientEqualsCentralDifferences() {
    int n = 5 * STAGES + FILTERS * SIDE * SIDE;
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = i;
    }
    check(stages(0.0, false, false, true), 0.0, false, c);
    check(stages(0.3, true, false, true), 0.3, true, c);
    DerainStages d = stages(0.2, true, true, true);
    check(d, 0.2, true, new int[] {d.splitOffset(), d.splitOffset() + 2, d.networkOffset(), d.dimension() - 1});
  }

  /** A learned split at b_k = 0 is the even data step: the same B_K and the same gradient, bit for bit. */
  @Test
  void splitAtZeroIsTheEvenStepBitForBit() {
    double[][] pair = pair(4);
    DerainStages even = stages(0.3, true, true);
    DerainStages split = stages(0.3, true, true, true);
    double[] we = omega(even);
    double[] ws = new double[split.dimension()];
    System.arraycopy(we, 0, ws, 0, 4 * STAGES);
    System.arraycopy(we, even.filterOffset(), ws, split.filterOffset(), we.length - even.filterOffset());
    double[] ge = new double[we.length];
    double[] gs = new double[ws.length];
    assertEquals(even.lossAndGradient(we, pair[1], pair[0], ge), split.lossAndGradient(ws, pair[1], pair[0], gs),
        0.0);
    assertArrayEquals(java.util.Arrays.copyOfRange(ge, 0, 4 * STAGES),
        java.util.Arrays.copyOfRange(gs, 0, 4 * STAGES), 0.0);
    assertArrayEquals(java.util.Arrays.copyOfRange(ge, even.filterOffset(), ge.length),
        java.util.Arrays.copyOfRange(gs, split.filterOffset(), gs.length), 0.0);
    assertTrue(Math.abs(gs[split.splitOffset() + 1]) > 1e-9, "the split has a gradient at ½");
    assertEquals(0.5, split.split(ws, 0), 0.0);
  }

  static DerainStages withOutput(DerainStages.Output output, double mu, boolean project, boolean learn,
      boolean split) {
    return new DerainStages(new ConvDenoiser(SPEC, H, W, 1), STAGES, FILTERS, SIDE,
        new PnpDeblur.Aggregation(mu, 0.8, 0.9, project), learn, split, false, output);
  }

  /** Every stage parameter, the blend logit (when there is one), the filters, and network weights when learned. */
  static int[] outputCoordinates(DerainStages d, boolean learn) {
    int n = d.networkOffset();
    int[] c = new int[n + (learn ? 3 : 0)];
    for (int i = 0; i < n; i++) {
      c[i] = i;
    }
    if (learn) {
      c[n] = n;
      c[n + 1] = n + 40;
      c[n + 2] = d.dimension() - 1;
    }
    return c;
  }

  /** The loss on O − R_K and on the learned blend: every stage parameter, the blend logit and the filters vs FD. */
  @Test
  void complementAndBlendHypergradientsEqualCentralDifferences() {
    for (DerainStages.Output out : List.of(DerainStages.Output.COMPLEMENT, DerainStages.Output.BLEND)) {
      DerainStages d = withOutput(out, 0.0, false, false, false);
      check(d, 0.0, false, outputCoordinates(d, false));
      d = withOutput(out, 0.3, true, false, true);
      check(d, 0.3, true, outputCoordinates(d, false));
      d = withOutput(out, 0.2, true, true, false);
      check(d, 0.2, true, outputCoordinates(d, true));
    }
    DerainStages blend = withOutput(DerainStages.Output.BLEND, 0.0, false, false, false);
    assertEquals(4 * STAGES, blend.outputOffset());
    assertEquals(4 * STAGES + 1, blend.filterOffset());
    double[][] pair = pair(4);
    double[] w = omega(blend);
    double[] g = new double[w.length];
    blend.lossAndGradient(w, pair[1], pair[0], g);
    assertTrue(Math.abs(g[blend.outputOffset()]) > 1e-6, "the blend logit has a gradient: " + g[blend.outputOffset()]);
  }

  /**
   * The outputs are what they say, bit for bit: O − R_K and γ·B_K + (1 − γ)·(O − R_K) from the background model's B_K
   * and R_K at the same stage parameters; with the background output the loss is on B_K exactly.
   */
  @Test
  void theOutputsAreBackgroundComplementAndBlend() {
    double[][] pair = pair(4);
    DerainStages back = stages(0.3, true, true);
    DerainStages comp = withOutput(DerainStages.Output.COMPLEMENT, 0.3, true, true, false);
    DerainStages blend = withOutput(DerainStages.Output.BLEND, 0.3, true, true, false);
    double[] w = omega(back);
    double[] wb = new double[blend.dimension()];
    System.arraycopy(w, 0, wb, 0, 4 * STAGES);
    wb[blend.outputOffset()] = 0.7;
    System.arraycopy(w, back.filterOffset(), wb, blend.filterOffset(), w.length - back.filterOffset());
    double[] b = new double[H * W];
    double[] r = new double[H * W];
    back.forward(w, pair[1], pair[0], b, r);
    double[] y = new double[H * W];
    double[] r2 = new double[H * W];
    comp.forward(w, pair[1], pair[0], y, r2);
    assertArrayEquals(r, r2, 0.0);
    double gamma = DerainStages.share(0.7);
    assertEquals(gamma, blend.outputWeight(wb), 0.0);
    double[] z = new double[H * W];
    blend.forward(wb, pair[1], pair[0], z, null);
    double moved = 0;
    for (int p = 0; p < y.length; p++) {
      assertEquals(pair[1][p] - r[p], y[p], 0.0);
      assertEquals(gamma * b[p] + (1 - gamma) * (pair[1][p] - r[p]), z[p], 0.0);
      moved = Math.max(moved, Math.abs(y[p] - b[p]));
    }
    assertTrue(moved > 1e-3, "O - R_K differs from B_K here: " + moved);
    assertEquals(1.0, back.outputWeight(w), 0.0);
    assertEquals(0.0, comp.outputWeight(w), 0.0);
  }

  static DerainStages gated(double mu, boolean project, boolean learn) {
    return new DerainStages(new ConvDenoiser(SPEC, H, W, 1), STAGES, FILTERS, SIDE,
        new PnpDeblur.Aggregation(mu, 0.8, 0.9, project), learn, false, false, DerainStages.Output.GATED,
        new ConvDenoiser(GATE, H, W, 1));
  }

  /**
   * The gated output's hypergradient: every stage parameter, the gate logit, the filters, network weights when
   * learned, and the gate network's weights (first, inner and last of its blocks, biases included) against FD.
   */
  @Test
  void gatedHypergradientEqualsCentralDifferences() {
    for (boolean learn : new boolean[] {false, true}) {
      DerainStages d = gated(learn ? 0.2 : 0.0, learn, learn);
      assertEquals(4 * STAGES, d.outputOffset());
      assertEquals(d.networkOffset() + SPEC.parameterCount(), d.gateOffset());
      assertEquals(d.gateOffset() + GATE.parameterCount(), d.dimension());
      int[] base = outputCoordinates(d, learn);
      int g0 = d.gateOffset();
      int[] gate = {g0, g0 + 7, g0 + GATE.biasOffset(0), g0 + GATE.weightOffset(1) + 20, g0 + GATE.biasOffset(1) + 2,
          g0 + GATE.weightOffset(2), g0 + GATE.weightOffset(2) + 17, d.dimension() - 1};
      int[] c = java.util.Arrays.copyOf(base, base.length + gate.length);
      System.arraycopy(gate, 0, c, base.length, gate.length);
      check(d, learn ? 0.2 : 0.0, learn, c);
    }
  }

  /**
   * The gated output is what it says, bit for bit: y = B_K + m ⊙ (O − B_K) with m = 1/(1 + e^{−(c + g)}),
   * g = d − G(d; O), from the background model's B_K at the same stage parameters and the gate network run on its own.
   */
  @Test
  void theGatedOutputIsTheGatedBackground() {
    double[][] pair = pair(4);
    DerainStages back = stages(0.3, true, true);
    DerainStages gated = gated(0.3, true, true);
    double[] w = omega(back);
    double[] wg = omega(gated);
    System.arraycopy(w, 0, wg, 0, 4 * STAGES);
    System.arraycopy(w, back.filterOffset(), wg, gated.filterOffset(), w.length - back.filterOffset());
    double[] b = new double[H * W];
    back.forward(w, pair[1], pair[0], b, null);
    double[] y = new double[H * W];
    gated.forward(wg, pair[1], pair[0], y, null);
    double[] d = new double[H * W];
    for (int p = 0; p < d.length; p++) {
      d[p] = pair[1][p] - b[p];
    }
    double[] out = new double[H * W];
    new ConvDenoiser(GATE, H, W, 1).applyGuided(java.util.Arrays.copyOfRange(wg, gated.gateOffset(), wg.length), d,
        pair[1], 1, out);
    double c = wg[gated.outputOffset()];
    double lo = 1;
    double hi = 0;
    for (int p = 0; p < y.length; p++) {
      double m = DerainStages.share(c + (d[p] - out[p]));
      assertEquals(b[p] + m * d[p], y[p], 0.0, "pixel " + p);
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
    assertTrue(hi - lo > 0.05, "the gate varies over the pixels: " + lo + " .. " + hi);
  }

  @Test
  void networkHypergradientEqualsCentralDifferences() {
    DerainStages d = stages(0.2, true, true);
    int o = d.networkOffset();
    int n = d.dimension();
    check(0.2, true, true, new int[] {0, STAGES + 1, 2 * STAGES + 2, 3 * STAGES, o - 1, o, o + 17, o + 40, n - 5,
        n - 1});
  }

  static DerainStages stageNetworks(double mu, boolean project) {
    return new DerainStages(new ConvDenoiser(SPEC, H, W, 1), STAGES, FILTERS, SIDE,
        new PnpDeblur.Aggregation(mu, 0.8, 0.9, project), true, false, true);
  }

  /** One network per stage: every stage's weights (first, inner and last coordinates of each block) against FD. */
  @Test
  void stageNetworksHypergradientEqualsCentralDifferences() {
    DerainStages d = stageNetworks(0.2, true);
    int o = d.networkOffset();
    int n = SPEC.parameterCount();
    assertEquals(o + STAGES * n, d.dimension());
    int[] c = new int[3 * STAGES + 2];
    for (int k = 0; k < STAGES; k++) {
      c[3 * k] = o + k * n;
      c[3 * k + 1] = o + k * n + 40;
      c[3 * k + 2] = o + (k + 1) * n - 1;
    }
    c[3 * STAGES] = STAGES + 1;
    c[3 * STAGES + 1] = d.filterOffset() + 3;
    check(d, 0.2, true, c);
    check(stageNetworks(0.0, false), 0.0, false, c);
  }

  /**
   * K copies of the shared network are the shared model: the same loss and B_K bit for bit, the same stage and filter
   * gradients bit for bit, and the stage blocks' network gradients sum to the shared one (to rounding: the shared
   * model adds the stages' terms into one buffer).
   */
  @Test
  void identicalStageNetworksAreTheSharedModel() {
    double[][] pair = pair(4);
    DerainStages shared = stages(0.3, true, true);
    DerainStages each = stageNetworks(0.3, true);
    double[] ws = omega(shared);
    int o = shared.networkOffset();
    int n = SPEC.parameterCount();
    double[] we = new double[each.dimension()];
    System.arraycopy(ws, 0, we, 0, o);
    for (int k = 0; k < STAGES; k++) {
      System.arraycopy(ws, o, we, o + k * n, n);
    }
    double[] gs = new double[ws.length];
    double[] ge = new double[we.length];
    assertEquals(shared.lossAndGradient(ws, pair[1], pair[0], gs), each.lossAndGradient(we, pair[1], pair[0], ge),
        0.0);
    assertArrayEquals(java.util.Arrays.copyOfRange(gs, 0, o), java.util.Arrays.copyOfRange(ge, 0, o));
    double[] bShared = new double[H * W];
    double[] bEach = new double[H * W];
    shared.forward(ws, pair[1], pair[0], bShared, null);
    each.forward(we, pair[1], pair[0], bEach, null);
    assertArrayEquals(bShared, bEach);
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(gs[o + i]));
    }
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < STAGES; k++) {
        sum += ge[o + k * n + i];
      }
      assertEquals(gs[o + i], sum, 1e-12 * scale, "network coordinate " + i);
    }
    double apart = 0;
    for (int i = 0; i < n; i++) {
      apart = Math.max(apart, Math.abs(ge[o + i] - ge[o + n + i]));
    }
    assertTrue(apart > 1e-3 * scale, "the stages' own gradients differ: " + apart + " of " + scale);
  }

  /** Four stages (every flip once), shared learned network; with stage flips when {@code flips}. */
  static DerainStages flipped(double mu, boolean project, boolean flips) {
    return new DerainStages(new ConvDenoiser(SPEC, H, W, 1), 4, FILTERS, SIDE,
        new PnpDeblur.Aggregation(mu, 0.8, 0.9, project), true, false, false, DerainStages.Output.BACKGROUND, null,
        flips);
  }

  /** Stage flips: every stage's parameters, the filters and the network against central differences. */
  @Test
  void flippedStagesHypergradientEqualsCentralDifferences() {
    DerainStages d = flipped(0.2, true, true);
    int o = d.networkOffset();
    int n = d.dimension();
    int[] c = {0, 1, 2, 3, 5, 6, 7, 10, 11, 13, 14, 15, o - 1, o, o + 17, o + 40, n - 5, n - 1};
    check(d, 0.2, true, c);
    check(flipped(0.0, false, true), 0.0, false, c);
  }

  /**
   * The flips are undone: with every kernel of the network mirror-symmetric both ways the network commutes with
   * each flip, and the flipped stages give the unflipped ones' B_K and gradient to rounding; with the network as
   * drawn they differ (so the flips are applied at all).
   */
  @Test
  void flippedStagesWithAMirrorSymmetricNetworkAreTheUnflippedStages() {
    double[][] pair = pair(4);
    DerainStages plain = flipped(0.2, true, false);
    DerainStages flips = flipped(0.2, true, true);
    double[] w = omega(plain);
    double[] drawn = w.clone();
    int k = SPEC.kernel();
    for (int l = 0; l < SPEC.depth(); l++) {
      int at = plain.networkOffset() + SPEC.weightOffset(l);
      for (int q = 0; q < SPEC.weightCount(l); q += k * k) { // one k × k tap block per (output, input) channel
        double[] m = new double[k * k];
        for (int a = 0; a < k; a++) {
          for (int e = 0; e < k; e++) {
            m[a * k + e] = 0.25 * (w[at + q + a * k + e] + w[at + q + a * k + k - 1 - e]
                + w[at + q + (k - 1 - a) * k + e] + w[at + q + (k - 1 - a) * k + k - 1 - e]);
          }
        }
        System.arraycopy(m, 0, w, at + q, k * k);
      }
    }
    double[] b0 = new double[H * W];
    double[] b1 = new double[H * W];
    plain.forward(w, pair[1], pair[0], b0, null);
    flips.forward(w, pair[1], pair[0], b1, null);
    assertArrayEquals(b0, b1, 1e-13);
    double[] g0 = new double[w.length];
    double[] g1 = new double[w.length];
    plain.lossAndGradient(w, pair[1], pair[0], g0);
    flips.lossAndGradient(w, pair[1], pair[0], g1);
    double scale = 0;
    for (double v : g0) {
      scale = Math.max(scale, Math.abs(v));
    }
    // the stage and filter part; the network's own gradient is the flipped one (only its symmetric part agrees)
    assertArrayEquals(java.util.Arrays.copyOfRange(g0, 0, plain.networkOffset()),
        java.util.Arrays.copyOfRange(g1, 0, plain.networkOffset()), 1e-12 * scale);
    plain.forward(drawn, pair[1], pair[0], b0, null);
    flips.forward(drawn, pair[1], pair[0], b1, null);
    double gap = 0;
    for (int p = 0; p < b0.length; p++) {
      gap = Math.max(gap, Math.abs(b0[p] - b1[p]));
    }
    assertTrue(gap > 1e-6, "flips change the stages of an asymmetric network: " + gap);
  }

  @Test
  void theStepsActuallyMatter() {
    // every kind of stage parameter has a nonzero derivative here, so the checks above test something
    DerainStages d = stages(0.0, false, false);
    double[][] pair = pair(4);
    double[] w = omega(d);
    double[] g = new double[w.length];
    d.lossAndGradient(w, pair[1], pair[0], g);
    // stage 1 (index 1): the streak step of stage 0 acts on R₀ = 0, where η and λ have no effect
    for (int k = 0; k < 4; k++) {
      assertTrue(Math.abs(g[k * STAGES + 1]) > 1e-9, "parameter kind " + k + ": " + g[k * STAGES + 1]);
    }
    assertTrue(Math.abs(g[d.filterOffset()]) > 1e-9);
    for (int i = d.networkOffset(); i < g.length; i++) {
      assertEquals(0.0, g[i], "a network that is not learned has a zero gradient");
    }
  }

  @Test
  void forwardAndTraceAreDeterministic() {
    double[][] pair = pair(6);
    DerainStages d = stages(0.0, true, false);
    double[] w = omega(d);
    double[] b1 = new double[H * W];
    double[] r1 = new double[H * W];
    d.forward(w, pair[1], null, b1, r1);
    double[] last = d.stage(STAGES)[0].clone();
    double[] b2 = new double[H * W];
    double[] r2 = new double[H * W];
    stages(0.0, true, false).forward(w, pair[1], null, b2, r2);
    assertArrayEquals(b1, b2, 0.0);
    assertArrayEquals(r1, r2, 0.0);
    assertArrayEquals(b1, last, 0.0);
    for (int p = 0; p < b1.length; p++) {
      assertTrue(b1[p] >= 0 && b1[p] <= 1 && r1[p] >= 0 && r1[p] <= 1, "projected onto [0, 1]");
    }
  }
}
