package io.bmo.bench;

import io.bmo.core.blas.Blas;
import io.bmo.core.blas.KernelCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark: prints {@code id value target PASS|MISS|SKIP} for rows P1, P2, P2m, P3, P4, P6, R1, R2, R2m, NN1,
 * NN2 and, on request, E2E (each
 * followed by an indented note) and writes the same to {@code results.csv}. All ratios are measured in this run,
 * DGEMM included. Run it through {@code bench/run.sh [--quick]}.
 *
 * <p>Options: {@code --quick} (fewer repetitions and smaller Spark epochs, under a minute), {@code --out FILE}
 * (default {@code bench/results.csv}), {@code --peer FILE} (default {@code bench/peers/bmo_torch.py}),
 * {@code --work DIR} (scratch for the .npy instance, default {@code bench/target/work}), {@code --only P1,P3,…}
 * ({@code --only E2E} runs the end-to-end row, about ten minutes). The CNN rows' peer is {@code conv_torch.py} next to
 * the {@code --peer} script.
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the benchmark rows (options in the class comment) and writes {@code bench/results.csv}.
   *
   * @param args the options
   * @throws Exception when a row cannot be measured
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = Path.of("bench/results.csv");
    Path peer = Path.of("bench/peers/bmo_torch.py");
    Path work = Path.of("bench/target/work");
    String only = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(value(args, ++i));
        case "--peer" -> peer = Path.of(value(args, ++i));
        case "--work" -> work = Path.of(value(args, ++i));
        case "--only" -> only = value(args, ++i);
        default -> {
          System.err.println("bench: unknown option " + args[i]
              + " (known: --quick, --out FILE, --peer FILE, --work DIR, --only P1,P3,...)");
          System.exit(2);
        }
      }
    }
    List<String> rowsWanted = only.isEmpty() ? List.of() : List.of(only.split(","));
    System.out.println("bmo bench" + (quick ? " --quick" : "") + "; BLAS: " + Blas.implementation() + "; cores: "
        + Runtime.getRuntime().availableProcessors());
    KernelCheck.warning().ifPresent(w -> System.out.println("bmo bench: " + w));
    Instance inst = new Instance();
    List<Row> rows = new ArrayList<>();
    double dgemm = KernelRows.dgemmFlops(512, quick ? 9 : 25);
    System.out.printf(Locale.ROOT, "DGEMM 512x512x512, 1 thread: %.1f GFLOP/s%n", dgemm / 1e9);
    if (wanted(rowsWanted, "P1", "P2", "P2m")) {
      emit(rows, KernelRows.run(inst, quick ? 7 : 21));
    }
    if (wanted(rowsWanted, "L1")) {
      emit(rows, ListaRows.run(inst, quick ? 5 : 11));
    }
    if (wanted(rowsWanted, "P3")) {
      emit(rows, List.of(new PeerRow(inst, work.resolve("p3"), peer, quick ? 3 : 5, quick ? 1 : 5).run()));
    }
    if (wanted(rowsWanted, "P4", "P6")) {
      emit(rows, new SparkRows(inst, quick).run());
    }
    if (wanted(rowsWanted, "R1", "R2", "R2m")) {
      emit(rows, new ReductionRows(inst, quick).run());
    }
    if (wanted(rowsWanted, "NN1", "NN2")) {
      List<String> nn = rowsWanted.isEmpty() ? List.of() : rowsWanted;
      emit(rows, new ConvRows(work.resolve("nn"), peer.resolveSibling("conv_torch.py"), quick).run(nn));
    }
    if (rowsWanted.contains("E2E")) { // ten minutes: only on request
      emit(rows, new EndToEndRow(Path.of("").toAbsolutePath(), work.resolve("e2e")).run());
    }
    // DGEMM again: the ratios above are only as good as a machine that stayed equally busy.
    double after = KernelRows.dgemmFlops(512, quick ? 9 : 25);
    System.out.printf(Locale.ROOT, "DGEMM 512 again at the end: %.1f GFLOP/s (%.0f%% of the first)%n", after / 1e9,
        100 * after / dgemm);
    write(out, rows);
    System.out.println("wrote " + out);
  }

  private static boolean wanted(List<String> only, String... ids) {
    if (only.isEmpty()) {
      return true;
    }
    for (String id : ids) {
      if (only.contains(id)) {
        return true;
      }
    }
    return false;
  }

  private static void emit(List<Row> rows, List<Row> more) {
    for (Row r : more) {
      System.out.println(r.line());
      System.out.println("     " + r.note());
      rows.add(r);
    }
  }

  private static void write(Path out, List<Row> rows) throws IOException {
    StringBuilder sb = new StringBuilder("id,value,target,status,note\n");
    for (Row r : rows) {
      sb.append(r.csv()).append('\n');
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println("bench: " + args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
