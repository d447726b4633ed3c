package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;
import io.bmo.jobs.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hypergrad} against the core objective, and its handling of bad input. */
class HypergradCommandTest {
  static final int M = 12;
  static final int N = 30;
  static final int EXAMPLES = 9;
  static final int K = 4;

  @TempDir
  Path dir;
  double[] a;
  double[] bCols;
  double[] xCols;

  @BeforeEach
  void writeInstance() throws IOException {
    SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(M, N, 0.2, 30, 5));
    a = g.dictionary();
    bCols = new double[M * EXAMPLES];
    xCols = new double[N * EXAMPLES];
    g.block(0, EXAMPLES, bCols, xCols);
    Npy.write(dir.resolve("A.npy"), Npy.ofColumnMajor(M, N, a));
    // one example per row: an (EXAMPLES, M) row-major array is the m×EXAMPLES column-major block
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(EXAMPLES, M, bCols));
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(EXAMPLES, N, xCols));
  }

  void writeOmega(Path od, int layers, boolean lista) throws IOException {
    Files.createDirectories(od);
    double[] th = new double[layers];
    double[] st = new double[layers];
    for (int i = 0; i < layers; i++) {
      th[i] = 0.02 + 0.003 * i;
      st[i] = 0.3 - 0.01 * i;
    }
    Npy.write(od.resolve("theta.npy"), Npy.ofVector(th));
    Npy.write(od.resolve("step.npy"), Npy.ofVector(st));
    if (lista) {
      double[] w = Npy.ofColumnMajor(M, N, a).data().clone();
      for (int i = 0; i < w.length; i++) {
        w[i] += 0.001 * Math.sin(i);
      }
      Npy.write(od.resolve("W.npy"), Npy.ofMatrix(M, N, w));
    }
  }

  /** ω files of the right shapes for {@code model} in DIR/omega. */
  Path writeOmega(SparseModel model) throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, model.layerwise() ? K : 1, model == SparseModel.LISTA_TIED);
    return od;
  }

  List<String> args(String model, Path omega, Path out, String... extra) {
    List<String> l = new ArrayList<>(List.of("hypergrad", "--model", model, "--layers", String.valueOf(K),
        "--mu", "0.2", "--beta", "0.5", "--alpha", "0.9", "--dictionary", dir.resolve("A.npy").toString(),
        "--signals", dir.resolve("b.npy").toString(), "--codes", dir.resolve("x.npy").toString(),
        "--omega", omega.toString(), "--out", out.toString(), "--block-size", "4", "--repeat", "3"));
    l.addAll(List.of(extra));
    return l;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ista", "ista-layerwise", "lista-tied"})
  void writesTheCoreHypergradientUnderTheOmegaNames(String modelId) throws IOException {
    SparseModel model = SparseModel.parse(modelId);
    Path od = writeOmega(model);
    Path out = dir.resolve("grad");
    CliRunner.Result r = CliRunner.run(args(modelId, od, out).toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.lastLine().startsWith("{\"loss\":"), r.out());
    assertTrue(r.lastLine().contains("\"seconds\":"), r.out());

    // Independent path: one objective over all examples in one block, no threads, no shards.
    SparseCodingMap map = new SparseCodingMap(model, a, M, N, K);
    double[] omega = new double[map.layout().size()];
    int layers = map.distinctLayers();
    System.arraycopy(Npy.read(od.resolve("theta.npy")).data(), 0, omega, 0, layers);
    System.arraycopy(Npy.read(od.resolve("step.npy")).data(), 0, omega, layers, layers);
    if (model == SparseModel.LISTA_TIED) {
      System.arraycopy(Npy.read(od.resolve("W.npy")).data(), 0, omega, 2 * layers, M * N);
    }
    UnrolledObjective obj = new UnrolledObjective(map, new BmoConfig(K, 0.2, 0.5, 0.9, Projection.NONE),
        new HypergradientMethod.Reverse());
    obj.bind(omega);
    LossGradientSum s = obj.newSum();
    obj.add(new Block(bCols, xCols, EXAMPLES), s, true);
    double[] g = s.gradient();
    double[] theta = Npy.read(out.resolve("theta.npy")).data();
    double[] step = Npy.read(out.resolve("step.npy")).data();
    // Blocks of 4 vs one block of 9: same math, different DGEMM shapes and summation order.
    for (int i = 0; i < layers; i++) {
      assertEquals(g[i], theta[i], 1e-12 * (1 + Math.abs(g[i])));
      assertEquals(g[layers + i], step[i], 1e-12 * (1 + Math.abs(g[layers + i])));
    }
    if (model == SparseModel.LISTA_TIED) {
      NpyArray w = Npy.read(out.resolve("W.npy"));
      assertArrayEquals(new int[] {M, N}, w.shape());
      for (int i = 0; i < M * N; i++) {
        assertEquals(g[2 * layers + i], w.data()[i], 1e-12 * (1 + Math.abs(g[2 * layers + i])));
      }
    }
    String loss = r.lastLine().replaceAll(".*\"loss\":([^,]+),.*", "$1");
    assertEquals(s.loss(), Double.parseDouble(loss), 1e-12 * s.loss());
  }

  void assertRejected(CliRunner.Result r, Path out, String mentions) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line expected: " + err);
    assertTrue(err.contains(mentions), err);
    assertFalse(Files.exists(out), "nothing may be written to OUT_DIR");
    assertEquals("", r.out());
  }

  @Test
  void missingFileIsOneLineNamingIt() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Path out = dir.resolve("out");
    List<String> a1 = args("ista", od, out);
    a1.set(a1.indexOf("--codes") + 1, dir.resolve("nope.npy").toString());
    assertRejected(CliRunner.run(a1.toArray(new String[0])), out, "nope.npy");
  }

  @Test
  void wrongShapeIsRejected() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Npy.write(dir.resolve("x.npy"), Npy.ofMatrix(EXAMPLES, N + 1, new double[EXAMPLES * (N + 1)]));
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista", od, out).toArray(new String[0])), out, "x.npy");
  }

  @Test
  void nanInDataIsRejected() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    double[] b = bCols.clone();
    b[7] = Double.NaN;
    Npy.write(dir.resolve("b.npy"), Npy.ofMatrix(EXAMPLES, M, b));
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista", od, out).toArray(new String[0])), out, "NaN");
  }

  @Test
  void unknownModelIsRejected() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("fista", od, out).toArray(new String[0])), out, "unknown model 'fista'");
  }

  @Test
  void omegaOfTheWrongShapeIsRejected() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 3, false);
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista-layerwise", od, out).toArray(new String[0])), out, "theta.npy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ista", "ista-layerwise", "lista-tied"})
  void checkpointedReverseWritesTheSameBytes(String modelId) throws IOException {
    SparseModel model = SparseModel.parse(modelId);
    Path od = writeOmega(model);
    Path full = dir.resolve("full");
    Path lean = dir.resolve("lean");
    CliRunner.Result rf = CliRunner.run(args(modelId, od, full).toArray(new String[0]));
    CliRunner.Result rl = CliRunner.run(args(modelId, od, lean, "--snapshots", "0").toArray(new String[0]));
    assertEquals(0, rf.code(), rf.err());
    assertEquals(0, rl.code(), rl.err());
    for (String f : model == SparseModel.LISTA_TIED ? List.of("theta.npy", "step.npy", "W.npy")
        : List.of("theta.npy", "step.npy")) {
      assertArrayEquals(Files.readAllBytes(full.resolve(f)), Files.readAllBytes(lean.resolve(f)), f);
    }
    // K = 4 with no snapshot: K(K+1)/2 forward steps per block
    assertTrue(rl.lastLine().contains("\"snapshots\":0,\"forward_steps_per_block\":10"), rl.lastLine());
  }

  @Test
  void snapshotsWithAnotherMethodAreRefused() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista", od, out, "--method", "truncated", "--snapshots", "2")
        .toArray(new String[0])), out, "snapshots");
  }

  @Test
  void implicitWithMuIsRefusedWithTheReason() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista", od, out, "--method", "implicit").toArray(new String[0])), out,
        "mu = 0");
  }

  @Test
  void unknownOptionIsOneLine() throws IOException {
    Path od = dir.resolve("omega");
    writeOmega(od, 1, false);
    Path out = dir.resolve("out");
    assertRejected(CliRunner.run(args("ista", od, out, "--frobnicate").toArray(new String[0])), out,
        "--frobnicate");
  }
}
