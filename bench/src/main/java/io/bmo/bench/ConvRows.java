package io.bmo.bench;

import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.ConvTape;
import io.bmo.core.nn.Padding;
import io.bmo.datasets.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows NN1 and NN2: the CNN denoiser of {@code io.bmo.core.nn}, forward + VJP (in x, σ and all parameters) of an
 * IRCNN-shaped network at half width — depth 7, width 32, 3×3, dilations 1, 2, 3, 4, 3, 2, 1, circular padding,
 * σ input channel — on a block of 8 images of 64×64, one thread.
 *
 * <p>NN1: useful FLOP rate ÷ DGEMM(512) rate, both measured in interleaved rounds of this run (median of the per-round
 * ratios). Useful FLOPs are the convolutions' multiply-adds ×2: forward, weight gradient and input gradient, i.e.
 * 3 × the forward count; bias, ReLU and padding work is not counted.
 *
 * <p>NN2: the PyTorch peer ({@code bench/peers/conv_torch.py}, float64 autograd) on the identical {@code .npy}
 * instance: first the outputs and all gradients must agree to {@link #AGREEMENT} (relative 2-norm per part), then
 * the ratio torch time ÷ bmo time, both single-threaded, median over interleaved rounds.
 */
final class ConvRows {
  static final int IMAGES = 8;
  static final int SIZE = 64;
  static final ConvNetSpec SPEC = new ConvNetSpec(7, 32, 3, List.of(1, 2, 3, 4, 3, 2, 1), Padding.CIRCULAR, true);
  /** Float64 reverse mode in two libraries differs only by summation order: relative 1e-14, far below this. */
  static final double AGREEMENT = 1e-10;
  private static final Pattern SECONDS = Pattern.compile("\"seconds\"\\s*:\\s*([0-9.eE+-]+)");

  private final Path dir;
  private final Path peer;
  private final int rounds;
  private final int repeats;
  private final ConvDenoiser net = new ConvDenoiser(SPEC, SIZE, SIZE, IMAGES);
  private final ConvTape tape = net.newTape();
  private final double[] params;
  private final double[] x;
  private final double[] sigma = new double[IMAGES];
  private final double[] v;
  private final double[] out;
  private final double[] gx;
  private final double[] gs = new double[IMAGES];
  private final double[] gp;

  ConvRows(Path dir, Path peer, boolean quick) {
    this.dir = dir;
    this.peer = peer;
    this.rounds = quick ? 3 : 7;
    this.repeats = quick ? 2 : 3;
    int n = IMAGES * SIZE * SIZE;
    params = SPEC.initialParameters(7);
    Random r = new Random(7);
    for (int l = 0; l < SPEC.depth(); l++) { // non-zero biases, so the peer comparison covers them
      for (int o = 0; o < SPEC.outChannels(l); o++) {
        params[SPEC.biasOffset(l) + o] = 0.05 * r.nextGaussian();
      }
    }
    x = new double[n];
    v = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble();
      v[i] = r.nextGaussian();
    }
    for (int b = 0; b < IMAGES; b++) {
      sigma[b] = 0.01 + 0.02 * b;
    }
    out = new double[n];
    gx = new double[n];
    gp = new double[params.length];
  }

  /** One forward pass with its tape and the VJP of ⟨v, D⟩. */
  private void forwardBackward() {
    net.forward(params, x, sigma, IMAGES, out, tape);
    java.util.Arrays.fill(gp, 0.0);
    net.vjp(params, tape, v, gx, gs, gp);
  }

  List<Row> run(List<String> wanted) throws Exception {
    List<Row> rows = new ArrayList<>();
    if (wanted.isEmpty() || wanted.contains("NN1")) {
      rows.add(rate());
    }
    if (wanted.isEmpty() || wanted.contains("NN2")) {
      rows.add(peerRow());
    }
    return rows;
  }

  private Row rate() throws Exception {
    KernelRows.Dgemm dg = new KernelRows.Dgemm(512);
    double useful = 3 * net.forwardFlops(IMAGES);
    for (int w = 0; w < 2; w++) {
      dg.run();
      forwardBackward();
    }
    double[] ratio = new double[rounds];
    double[] tb = new double[rounds];
    double[] tf = new double[rounds];
    double[] dr = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      dr[i] = dg.flops() / Timer.median(0, 5, dg::run);
      tf[i] = Timer.median(0, 1, () -> net.apply(params, x, sigma, IMAGES, out));
      tb[i] = Timer.median(0, 1, this::forwardBackward);
      ratio[i] = (useful / tb[i]) / dr[i];
    }
    double t = KernelRows.median(tb);
    return Row.atLeast("NN1", KernelRows.median(ratio), 0.6, ">=0.60", String.format(Locale.ROOT,
        "forward+VJP %.1f ms = %.1f GFLOP/s useful (%.2f GFLOP); forward alone %.1f ms = %.1f GFLOP/s; DGEMM(512)"
        + " %.1f GFLOP/s; depth %d width %d 3x3 dilations %s circular + sigma channel, %d images %dx%d, 1 thread;"
        + " tape %.1f MB, workspaces %.1f MB; medians of %d interleaved rounds", t * 1e3, useful / t / 1e9,
        useful / 1e9, KernelRows.median(tf) * 1e3, useful / 3 / KernelRows.median(tf) / 1e9,
        KernelRows.median(dr) / 1e9, SPEC.depth(), SPEC.width(), SPEC.dilations(), IMAGES, SIZE, SIZE,
        tape.bytes() / 1e6, net.workspaceBytes() / 1e6, rounds));
  }

  private Row peerRow() throws Exception {
    String python = PeerRow.findPython();
    if (python == null) {
      System.out.println("NN2: peer unavailable (no python3 with torch; optional: apt-get install python3-torch)");
      return Row.skipped("NN2", ">=1.5", "peer unavailable: no python3 that imports torch");
    }
    writeInstance();
    forwardBackward();
    torch(python, 1, 1);
    double[] errs = {
        relative(read("out"), out), relative(read("gx"), gx), relative(read("gsigma"), gs),
        relative(read("gparams"), gp)};
    double worst = 0;
    for (double e : errs) {
      worst = Math.max(worst, e);
    }
    double[] ratio = new double[rounds];
    double[] tb = new double[rounds];
    double[] tt = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      tb[r] = Timer.median(0, repeats, this::forwardBackward);
      tt[r] = seconds(torch(python, 1, repeats));
      ratio[r] = tt[r] / tb[r];
    }
    double t2 = seconds(torch(python, 2, repeats));
    String note = String.format(Locale.ROOT, "torch %.1f ms / bmo %.1f ms, 1 thread each (torch on 2 threads: %.1f"
        + " ms), forward+backward of <v, D>, median of %d interleaved rounds; relative differences bmo vs torch:"
        + " D %.1e, d/dx %.1e, d/dsigma %.1e, d/dparams %.1e", KernelRows.median(tt) * 1e3,
        KernelRows.median(tb) * 1e3, t2 * 1e3, rounds, errs[0], errs[1], errs[2], errs[3]);
    double value = KernelRows.median(ratio);
    if (!(worst <= AGREEMENT)) {
      return new Row("NN2", value, ">=1.5", "MISS", "OUTPUTS OR GRADIENTS DISAGREE (> 1e-10); " + note);
    }
    return Row.atLeast("NN2", value, 1.5, ">=1.5", note);
  }

  private void writeInstance() throws IOException {
    Files.createDirectories(dir);
    // (B·H, W): image b is rows b·H … (b + 1)·H − 1; the peer takes B from sigma.npy
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(IMAGES * SIZE, SIZE, x));
    Npy.write(dir.resolve("v.npy"), Npy.ofMatrix(IMAGES * SIZE, SIZE, v));
    Npy.write(dir.resolve("sigma.npy"), Npy.ofVector(sigma));
    Npy.write(dir.resolve("theta.npy"), Npy.ofVector(params));
  }

  /** Runs the peer with {@code threads} torch and OpenBLAS threads; returns its JSON line. */
  private String torch(String python, int threads, int reps) throws Exception {
    StringBuilder dil = new StringBuilder();
    for (int d : SPEC.dilations()) {
      dil.append(dil.length() == 0 ? "" : ",").append(d);
    }
    List<String> cmd = new ArrayList<>(List.of(python, peer.toString(), "--depth", "" + SPEC.depth(), "--width",
        "" + SPEC.width(), "--kernel", "" + SPEC.kernel(), "--dilations", dil.toString(), "--padding",
        SPEC.padding() == Padding.CIRCULAR ? "circular" : "zero", "--images", dir.resolve("x.npy").toString(),
        "--noise", dir.resolve("sigma.npy").toString(), "--cotangent", dir.resolve("v.npy").toString(),
        "--params", dir.resolve("theta.npy").toString(), "--out", dir.resolve("torch").toString(),
        "--repeat", "" + reps, "--threads", "" + threads));
    if (SPEC.noiseLevelInput()) {
      cmd.add("--sigma");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("peer failed (status " + p.exitValue() + "): " + text);
    }
    return text;
  }

  private double[] read(String name) throws IOException {
    return Npy.read(dir.resolve("torch").resolve(name + ".npy")).data();
  }

  private static double seconds(String json) {
    Matcher mt = SECONDS.matcher(json);
    if (!mt.find()) {
      throw new IllegalStateException("no \"seconds\" in: " + json);
    }
    return Double.parseDouble(mt.group(1));
  }

  /** ‖got − ref‖ / ‖ref‖. */
  private static double relative(double[] got, double[] ref) {
    return PeerRow.relativeError(got, ref);
  }
}
