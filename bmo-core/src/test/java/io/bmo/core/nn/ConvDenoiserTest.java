package io.bmo.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ConvDenoiser} against the naive network of {@link NaiveConv}: values, tape reuse, JVP/VJP adjointness. */
class ConvDenoiserTest {
  /** Same sums as the naive loops in another order, through three layers of O(1) values. */
  private static final double VALUE_TOL = 1e-12;
  /** ⟨J t, w⟩ and ⟨t, Jᵀ w⟩ are the same products summed in another order: relative rounding ≈ 1e-15. */
  private static final double ADJOINT_TOL = 1e-13;
  static final int H = 6;
  static final int W = 5;
  static final int IMAGES = 2;
  static final int N = H * W * IMAGES;

  /** Depth 3, width 4, 3×3, dilations 1, 2, 1, with the σ channel. */
  static ConvNetSpec smallSpec(Padding pad, boolean sigma) {
    return smallSpec(pad, sigma, 1);
  }

  /** The same on the 2 × 2 sub-images when {@code downsample = 2} (a 3 × 3 grid: W = 5 repeats its last column). */
  static ConvNetSpec smallSpec(Padding pad, boolean sigma, int downsample) {
    return new ConvNetSpec(3, 4, 3, List.of(1, 2, 1), pad, sigma, downsample);
  }

  /** Kaiming weights and N(0, 0.1²) biases (non-zero biases, so the bias gradients are exercised). */
  static double[] params(ConvNetSpec spec, long seed) {
    double[] p = spec.initialParameters(seed);
    Random rnd = new Random(seed);
    for (int l = 0; l < spec.depth(); l++) {
      for (int o = 0; o < spec.outChannels(l); o++) {
        p[spec.biasOffset(l) + o] = 0.1 * rnd.nextGaussian();
      }
    }
    return p;
  }

  static double[] uniform(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextDouble();
    }
    return v;
  }

  static double dot(double[] a, double[] b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(Padding.class)
  void forwardMatchesTheNaiveNetworkForEveryTileSize(Padding pad) {
    for (int variant = 0; variant < 4; variant++) {
      boolean sigmaInput = variant % 2 == 1;
      ConvNetSpec spec = smallSpec(pad, sigmaInput, 1 + variant / 2);
      double[] params = params(spec, 11);
      Random rnd = new Random(3);
      double[] x = uniform(rnd, N);
      double[] sigma = {0.1, 0.3};
      double[] ref = NaiveConv.denoise(spec, H, W, IMAGES, params, x, sigma, null);
      for (int tile : new int[] {1, 4, IMAGES * H}) {
        ConvDenoiser net = new ConvDenoiser(spec, H, W, IMAGES + 1, tile);
        ConvTape tape = net.newTape();
        double[] out = new double[N];
        net.forward(params, x, sigma, IMAGES, out, tape);
        for (int p = 0; p < N; p++) {
          assertEquals(ref[p], out[p], VALUE_TOL, "pixel " + p + ", tile " + tile + ", " + spec);
        }
        double[] lean = new double[N];
        net.apply(params, x, sigma, IMAGES, lean);
        assertArrayEquals(out, lean, "apply() without a tape gives the same bits as forward()");
        double[] inPlace = x.clone();
        net.apply(params, inPlace, sigma, IMAGES, inPlace);
        assertArrayEquals(out, inPlace, "out may alias x");
      }
    }
  }

  /**
   * A per-pixel guide as the second channel: the naive network's values, the same bits with and without a tape, and a
   * guide constant on each image gives the σ input's bits.
   */
  @ParameterizedTest
  @EnumSource(Padding.class)
  void aGuideChannelIsThePerPixelSecondInput(Padding pad) {
    guideCase(pad, 1);
    guideCase(pad, 2);
  }

  private static void guideCase(Padding pad, int downsample) {
    ConvNetSpec spec = smallSpec(pad, true, downsample);
    double[] params = params(spec, 13);
    Random rnd = new Random(8);
    double[] x = uniform(rnd, N);
    double[] guide = uniform(rnd, N);
    double[] ref = NaiveConv.denoise(spec, H, W, IMAGES, params, x, guide, null);
    ConvDenoiser net = new ConvDenoiser(spec, H, W, IMAGES, 4);
    ConvTape tape = net.newTape();
    double[] out = new double[N];
    net.forwardGuided(params, x, guide, IMAGES, out, tape);
    for (int p = 0; p < N; p++) {
      assertEquals(ref[p], out[p], VALUE_TOL, "pixel " + p);
    }
    double[] lean = new double[N];
    net.applyGuided(params, x, guide, IMAGES, lean);
    assertArrayEquals(out, lean);
    double[] sigma = {0.3, 0.7};
    double[] flat = new double[N];
    for (int p = 0; p < N; p++) {
      flat[p] = sigma[p / (H * W)];
    }
    net.forwardGuided(params, x, flat, IMAGES, out, tape);
    net.apply(params, x, sigma, IMAGES, lean);
    assertArrayEquals(lean, out, "a constant guide is the sigma channel");
    assertThrows(IllegalArgumentException.class, () -> new ConvDenoiser(smallSpec(pad, false), H, W, IMAGES)
        .applyGuided(params, x, guide, IMAGES, new double[N]), "needs the second channel");
  }

  @Test
  void recomputingATapeGivesBitIdenticalDerivatives() {
    ConvNetSpec spec = smallSpec(Padding.ZERO, true);
    double[] params = params(spec, 5);
    Random rnd = new Random(9);
    double[] x1 = uniform(rnd, N);
    double[] x2 = uniform(rnd, N);
    double[] v = uniform(rnd, N);
    double[] sigma = {0.2, 0.05};
    ConvDenoiser net = new ConvDenoiser(spec, H, W, IMAGES);
    ConvTape kept = net.newTape();
    ConvTape reused = net.newTape();
    double[] out = new double[N];
    net.forward(params, x1, sigma, IMAGES, out, kept);
    net.forward(params, x2, sigma, IMAGES, out, reused);
    double[][] first = vjp(net, params, kept, v);
    // checkpointing: keep only x1, recompute its activations on the other tape just before the VJP
    net.forward(params, x1, sigma, IMAGES, out, reused);
    double[][] again = vjp(net, params, reused, v);
    for (int i = 0; i < first.length; i++) {
      assertArrayEquals(first[i], again[i], "recomputed stage, part " + i);
    }
    // skipping the parameter gradient does not change the input cotangents
    double[] gx = new double[N];
    double[] gs = new double[IMAGES];
    net.vjp(params, kept, v, gx, gs, null);
    assertArrayEquals(first[0], gx);
    assertArrayEquals(first[1], gs);
    long perImage = (long) H * W * (spec.inputChannels() + (spec.depth() - 1) * spec.width()) * Double.BYTES;
    assertEquals(IMAGES * perImage, kept.bytes(), "tape memory: input + hidden activations");
    assertEquals(IMAGES * perImage, kept.usedBytes());
    assertEquals(perImage, net.tapeBytes(1), "the estimate a checkpoint planner can use before allocating");
    ConvDenoiser half = new ConvDenoiser(smallSpec(Padding.ZERO, true, 2), H, W, IMAGES);
    assertEquals(3 * 3 * (8 + 2 * 4) * Double.BYTES, half.tapeBytes(1), "downsampled: a 3 x 3 grid of 8 + 2 x 4 channels");
  }

  @ParameterizedTest
  @EnumSource(Padding.class)
  void jvpAndVjpAreAdjoint(Padding pad) {
    adjointCase(pad, 1);
    adjointCase(pad, 2);
  }

  private static void adjointCase(Padding pad, int downsample) {
    ConvNetSpec spec = smallSpec(pad, true, downsample);
    double[] params = params(spec, 21);
    Random rnd = new Random(4);
    double[] x = uniform(rnd, N);
    double[] sigma = {0.15, 0.4};
    ConvDenoiser net = new ConvDenoiser(spec, H, W, IMAGES, 3);
    ConvTape tape = net.newTape();
    double[] out = new double[N];
    net.forward(params, x, sigma, IMAGES, out, tape);
    for (int trial = 0; trial < 5; trial++) {
      double[] t = Conv2dTest.gaussian(rnd, N);
      double[] ts = Conv2dTest.gaussian(rnd, IMAGES);
      double[] w = Conv2dTest.gaussian(rnd, N);
      double[] jt = new double[N];
      net.jvp(params, tape, t, ts, jt);
      double[] gx = new double[N];
      double[] gs = new double[IMAGES];
      net.vjp(params, tape, w, gx, gs, null);
      double lhs = dot(jt, w, N);
      double rhs = dot(t, gx, N) + dot(ts, gs, IMAGES);
      assertEquals(lhs, rhs, ADJOINT_TOL * (Math.abs(lhs) + Math.abs(rhs)), "<J t, w> = <t, J^T w>, trial " + trial);
    }
  }

  /** {gx, gσ, gθ} of ⟨v, D⟩ at the tape's point. */
  static double[][] vjp(ConvDenoiser net, double[] params, ConvTape tape, double[] v) {
    double[] gx = new double[N];
    double[] gs = new double[IMAGES];
    double[] gp = new double[params.length];
    net.vjp(params, tape, v, gx, gs, gp);
    return new double[][] {gx, gs, gp};
  }

  /** Pre-activation signs of the naive network: the linear region the point lies in. */
  static List<Boolean> pattern(ConvNetSpec spec, double[] params, double[] x, double[] sigma) {
    List<double[]> pre = new ArrayList<>();
    NaiveConv.denoise(spec, H, W, IMAGES, params, x, sigma, pre);
    List<Boolean> signs = new ArrayList<>();
    for (double[] z : pre) {
      for (double value : z) {
        signs.add(value > 0);
      }
    }
    return signs;
  }
}
