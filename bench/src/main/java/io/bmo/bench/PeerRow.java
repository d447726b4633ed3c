package io.bmo.bench;

import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row P3: the PyTorch peer ({@code bench/peers/bmo_torch.py}) against {@code bmo hypergrad} on the identical
 * {@code .npy} instance (ista-layerwise, m = 250, n = 500, N = 1024, K = 16, μ = 0.2). bmo runs in this JVM through
 * the CLI command itself ({@code --threads 2}, the default blocks of 256: four blocks over the two cores); the peer
 * runs with 1 thread, 2 threads, and 1 torch thread over 2 OpenBLAS threads, and its best time counts. The note also
 * gives bmo on 1 thread against the peer on 1 thread, which a busy machine distorts less. Each side reports the
 * median of R repetitions; the row is the median over interleaved rounds of the ratio within each round. Before
 * timing, the gradients of all three models are compared; they must agree to {@link #AGREEMENT} relative (‖g_torch − g_bmo‖ / ‖g_bmo‖ over all of ω).
 */
final class PeerRow {
  /** The models the PyTorch peer script implements. */
  private static final SparseModel[] PEER_MODELS = {SparseModel.ISTA, SparseModel.ISTA_LAYERWISE,
      SparseModel.LISTA_TIED};

  /** Float64 reverse mode in two libraries differs only by summation order: far below 1e-9. */
  static final double AGREEMENT = 1e-9;
  static final int EXAMPLES = 1024;
  private static final Pattern SECONDS = Pattern.compile("\"seconds\"\\s*:\\s*([0-9.eE+-]+)");

  private final Instance inst;
  private final Path dir;
  private final Path peer;
  private final int repeats;
  private final int rounds;

  PeerRow(Instance inst, Path dir, Path peer, int repeats, int rounds) {
    this.inst = inst;
    this.dir = dir;
    this.peer = peer;
    this.repeats = repeats;
    this.rounds = rounds;
  }

  Row run() throws Exception {
    String python = findPython();
    if (python == null) {
      System.out.println("P3: peer unavailable (no python3 with torch; optional: apt-get install python3-torch)");
      return Row.skipped("P3", ">=2.0", "peer unavailable: no python3 that imports torch");
    }
    writeInstance();
    List<String> agree = new ArrayList<>();
    double worst = 0;
    for (SparseModel model : PEER_MODELS) {
      bmo(model, 1, 2);
      torch(python, model, 1, 1, 1);
      double[] gb = gradient("grad-bmo-", model);
      double[] gt = gradient("grad-torch-", model);
      double err = relativeError(gt, gb);
      worst = Math.max(worst, err);
      agree.add(String.format(Locale.ROOT, "%s %.1e", model.id(), err));
    }
    SparseModel timed = SparseModel.ISTA_LAYERWISE;
    // Interleaved rounds (bmo, then each torch setting), ratio within a round, median over rounds: a machine whose
    // speed drifts between rounds moves numerator and denominator together.
    double[] ratio = new double[rounds];
    double[] tb = new double[rounds];
    double[][] tt = new double[3][rounds];
    for (int r = 0; r < rounds; r++) {
      tb[r] = seconds(bmo(timed, repeats, 2));
      tt[0][r] = seconds(torch(python, timed, 1, 1, repeats));
      tt[1][r] = seconds(torch(python, timed, 2, 2, repeats));
      tt[2][r] = seconds(torch(python, timed, 1, 2, repeats));
      ratio[r] = Math.min(tt[0][r], Math.min(tt[1][r], tt[2][r])) / tb[r];
    }
    double tBmo1 = seconds(bmo(timed, repeats, 1));
    double tBmo = KernelRows.median(tb);
    double t1 = KernelRows.median(tt[0]);
    double t2 = KernelRows.median(tt[1]);
    double t2b = KernelRows.median(tt[2]);
    double tTorch = Math.min(t1, Math.min(t2, t2b));
    StringBuilder perRound = new StringBuilder();
    for (double v : ratio) {
      perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    String note = String.format(Locale.ROOT,
        "median of %d interleaved rounds [%s]; torch %.3f s (best of: 1 thread %.3f, 2 threads %.3f, 1 torch + 2"
        + " BLAS threads %.3f) / bmo %.3f s (2 threads); 1 thread each: %.2f (bmo %.3f s); gradients agree: %s",
        rounds, perRound, tTorch, t1, t2, t2b, tBmo, t1 / tBmo1, tBmo1, String.join(", ", agree));
    double p3 = KernelRows.median(ratio);
    if (!(worst <= AGREEMENT)) {
      return new Row("P3", p3, ">=2.0", "MISS", "GRADIENTS DISAGREE (> 1e-9); " + note);
    }
    return Row.atLeast("P3", p3, 2.0, ">=2.0", note);
  }

  /** python3 (PATH) or Debian's /usr/bin/python3, whichever imports torch; BMO_PEER_PYTHON overrides. */
  static String findPython() {
    List<String> candidates = new ArrayList<>();
    String env = System.getenv("BMO_PEER_PYTHON");
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    candidates.add("python3");
    candidates.add("/usr/bin/python3");
    for (String py : candidates) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import torch, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return py;
        }
      } catch (IOException e) {
        // not there; try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private void writeInstance() throws IOException {
    int m = Instance.M;
    int n = Instance.N;
    Files.createDirectories(dir);
    double[] a = inst.dictionary;
    Npy.write(dir.resolve("A.npy"), Npy.ofColumnMajor(m, n, a));
    double[] b = new double[m * EXAMPLES];
    double[] x = new double[n * EXAMPLES];
    inst.generator.block(0, EXAMPLES, b, x);
    // column-major m×N is row-major N×m: one example per row, the CLI's layout
    Npy.write(dir.resolve("signals.npy"), Npy.ofMatrix(EXAMPLES, m, b));
    Npy.write(dir.resolve("codes.npy"), Npy.ofMatrix(EXAMPLES, n, x));
    for (SparseModel model : PEER_MODELS) {
      Path od = dir.resolve("omega-" + model.id());
      Files.createDirectories(od);
      double[] w = inst.omega(model, Instance.LAYERS);
      int layers = model.layerwise() ? Instance.LAYERS : 1;
      Npy.write(od.resolve("theta.npy"), Npy.ofVector(java.util.Arrays.copyOfRange(w, 0, layers)));
      Npy.write(od.resolve("step.npy"), Npy.ofVector(java.util.Arrays.copyOfRange(w, layers, 2 * layers)));
      if (model == SparseModel.LISTA_TIED) {
        Npy.write(od.resolve("W.npy"), Npy.ofMatrix(m, n, java.util.Arrays.copyOfRange(w, 2 * layers, w.length)));
      }
    }
  }

  private List<String> common(SparseModel model, int reps, String out) {
    return new ArrayList<>(List.of("--model", model.id(), "--layers", Integer.toString(Instance.LAYERS),
        "--mu", Double.toString(Instance.MU), "--beta", Double.toString(Instance.BETA),
        "--alpha", Double.toString(Instance.ALPHA), "--repeat", Integer.toString(reps),
        "--dictionary", dir.resolve("A.npy").toString(), "--signals", dir.resolve("signals.npy").toString(),
        "--codes", dir.resolve("codes.npy").toString(), "--omega", dir.resolve("omega-" + model.id()).toString(),
        "--out", dir.resolve(out).toString()));
  }

  /** Runs {@code bmo hypergrad} in this JVM; returns its JSON line. */
  private String bmo(SparseModel model, int reps, int threads) {
    List<String> args = common(model, reps, "grad-bmo-" + model.id());
    args.add(0, "hypergrad");
    args.addAll(List.of("--method", "reverse", "--threads", Integer.toString(threads), "--block-size", "256"));
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      code = io.bmo.jobs.Main.execute(args.toArray(new String[0]));
    } finally {
      System.setOut(saved);
    }
    String outText = buf.toString(StandardCharsets.UTF_8).trim();
    if (code != 0) {
      throw new IllegalStateException("bmo hypergrad failed with status " + code + ": " + outText);
    }
    return outText;
  }

  /** Runs the peer with {@code threads} torch intra-op threads and {@code blasThreads} OpenBLAS threads. */
  private String torch(String python, SparseModel model, int threads, int blasThreads, int reps) throws Exception {
    List<String> cmd = common(model, reps, "grad-torch-" + model.id());
    cmd.addAll(0, List.of(python, peer.toString()));
    cmd.addAll(List.of("--threads", Integer.toString(threads)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(blasThreads));
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("peer failed (status " + p.exitValue() + "): " + out);
    }
    return out;
  }

  private static double seconds(String json) {
    Matcher mt = SECONDS.matcher(json);
    if (!mt.find()) {
      throw new IllegalStateException("no \"seconds\" in: " + json);
    }
    return Double.parseDouble(mt.group(1));
  }

  /** The gradient files written for {@code model} under {@code prefix}, concatenated in layout order. */
  private double[] gradient(String prefix, SparseModel model) throws IOException {
    Path od = dir.resolve(prefix + model.id());
    List<double[]> parts = new ArrayList<>();
    for (String f : model == SparseModel.LISTA_TIED ? List.of("theta", "step", "W") : List.of("theta", "step")) {
      NpyArray arr = Npy.read(od.resolve(f + ".npy"));
      parts.add(arr.data());
    }
    int len = parts.stream().mapToInt(p -> p.length).sum();
    double[] g = new double[len];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, g, o, p.length);
      o += p.length;
    }
    return g;
  }

  static double relativeError(double[] got, double[] ref) {
    if (got.length != ref.length) {
      return Double.POSITIVE_INFINITY;
    }
    double d = 0;
    double r = 0;
    for (int i = 0; i < ref.length; i++) {
      d += (got[i] - ref[i]) * (got[i] - ref[i]);
      r += ref[i] * ref[i];
    }
    return Math.sqrt(d / r);
  }
}
