package io.bmo.bench;

import io.bmo.core.blas.Blas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row E2E: the main job ({@code ./submit.sh train conf/sparse-coding.conf}) end to end against the PyTorch script a
 * user would write for the same protocol ({@code bench/peers/e2e_torch.py}, float32 and float64, each at its faster
 * of 1 and 2 threads), and the main job's useful FLOP rate against the same run's 2-core DGEMM rate.
 *
 * <p>Useful FLOPs of one outer step of lista-tied (m×n dictionary, K layers, batch B) are those of the factored form,
 * the fewest of the two forms ({@link ListaRows}): {@code 2mnB(5K − 3)}. A test evaluation (forward only, every
 * {@code eval-every} steps and at the end) adds {@code 2mnB(2K − 1)} for its B test examples. The 2-core DGEMM rate
 * runs two 1-thread DGEMMs at once, as two Spark tasks do.
 *
 * <p>Runs only when asked ({@code --only E2E}): about ten minutes on 2 cores.
 */
final class EndToEndRow {
  private static final Pattern NUM = Pattern.compile("\"%s\"\\s*:\\s*(-?[0-9.eE+-]+)");
  private static final int M = 250;
  private static final int N = 500;
  private static final int K = 16;
  private static final int BATCH = 1024;
  private static final int STEPS = 600;
  private static final int TEST = 1024;
  private static final int EVAL_EVERY = 25;

  private final Path root;
  private final Path work;

  EndToEndRow(Path root, Path work) {
    this.root = root;
    this.work = work;
  }

  List<Row> run() throws Exception {
    double dgemm2 = twoCoreDgemm();
    deleteTree(work.resolve("e2e-run")); // the previous bench run's, which train would refuse to overwrite
    String bmo = exec(List.of(root.resolve("submit.sh").toString(), "train", "conf/sparse-coding.conf",
        "--out", work.resolve("e2e-run").toString(), "--quiet"));
    double bmoSec = number(bmo, "seconds");
    double bmoDb = number(bmo, "test_nmse_db");
    double flops = STEPS * stepFlops() + (STEPS / EVAL_EVERY + 1) * (2.0 * M * N * TEST * (2 * K - 1));
    double rate = flops / bmoSec;
    List<Row> rows = new ArrayList<>();
    rows.add(Row.atLeast("E2E/DG", rate / dgemm2, 0.8, ">=0.80", String.format(Locale.ROOT,
        "main job %.1f s in-run, %.1f GFLOP useful = %.1f GFLOP/s; 2-core DGEMM %.1f GFLOP/s; test NMSE %.2f dB",
        bmoSec, flops / 1e9, rate / 1e9, dgemm2 / 1e9, bmoDb)));
    String python = PeerRow.findPython();
    for (String dtype : List.of("float32", "float64")) {
      String id = "E2E/" + (dtype.equals("float32") ? "f32" : "f64");
      double bound = dtype.equals("float32") ? 1.3 : 2.2;
      String target = String.format(Locale.ROOT, ">=%.1f", bound);
      if (python == null) {
        rows.add(Row.skipped(id, target, "peer unavailable: no python3 that imports torch"));
        continue;
      }
      double best = Double.POSITIVE_INFINITY;
      double bestDb = Double.NaN;
      int bestThreads = 0;
      for (int threads : new int[] {1, 2}) {
        String out = exec(List.of(python, root.resolve("bench/peers/e2e_torch.py").toString(), "--dtype", dtype,
            "--threads", Integer.toString(threads)));
        double s = number(out, "seconds");
        if (s < best) {
          best = s;
          bestDb = number(out, "test_nmse_db");
          bestThreads = threads;
        }
      }
      rows.add(Row.atLeast(id, best / bmoSec, bound, target, String.format(Locale.ROOT,
          "torch %s %.1f s (%d thread%s, test NMSE %.2f dB) / bmo %.1f s (%.2f dB)", dtype, best, bestThreads,
          bestThreads == 1 ? "" : "s", bestDb, bmoSec, bmoDb)));
    }
    return rows;
  }

  /** Useful FLOPs of one outer training step (see the class comment). */
  static double stepFlops() {
    return 2.0 * M * N * BATCH * (5 * K - 3);
  }

  /** DGEMM 512³ on two threads at once (1 BLAS thread each), in FLOP/s summed over both. */
  private static double twoCoreDgemm() throws Exception {
    Blas.get();
    var pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Double>> rates = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        rates.add(pool.submit(() -> KernelRows.dgemmFlops(512, 25)));
      }
      return rates.get(0).get() + rates.get(1).get();
    } finally {
      pool.shutdownNow();
    }
  }

  private String exec(List<String> cmd) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path log = work.resolve("e2e-stdout.txt");
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(log.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(40, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("E2E: command failed: " + String.join(" ", cmd));
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile(String.format(Locale.ROOT, NUM.pattern(), key)).matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
