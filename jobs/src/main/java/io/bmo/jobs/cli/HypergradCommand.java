package io.bmo.jobs.cli;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.hypergrad.CheckpointSchedule;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.sparsecoding.SupportSelection;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.sparsecoding.SparseCodingProblem;
import io.bmo.core.solver.BmoConfig;
import io.bmo.core.solver.Projection;
import io.bmo.core.train.ArraySource;
import io.bmo.core.train.LocalExecutor;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.sparsecoding.SparseCodingShards;
import io.bmo.datasets.io.DataFormatException;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.UserError;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.io.OmegaFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hypergrad}: φ(ω) and ∇φ(ω) of the BMO sparse-coding objective on the user's numpy data. Writes the gradient
 * of each parameter block to OUT_DIR under the omega file names and shapes, and one JSON line to stdout.
 * All inputs are validated before anything is computed or written.
 */
@Command(name = "hypergrad", mixinStandardHelpOptions = true,
    description = "Hypergradient of the BMO sparse-coding objective on .npy data.")
public final class HypergradCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "ista | ista-layerwise | lista-tied | alista | lista-cpss")
  String model;
  @Option(names = "--layers", required = true, description = "K, inner steps")
  int layers;
  @Option(names = "--mu", defaultValue = "0", description = "aggregation weight mu in [0,1] (default 0)")
  double mu;
  @Option(names = "--beta", defaultValue = "0.5", description = "upper gradient step beta in [0,2] (default 0.5)")
  double beta;
  @Option(names = "--alpha", defaultValue = "1", description = "GKM relaxation alpha in (0,1] (default 1)")
  double alpha;
  @Option(names = "--projection", defaultValue = "none", description = "none | nonneg | box")
  String projection;
  @Option(names = "--box", defaultValue = "-1,1", split = ",", description = "lo,hi of the box (default -1,1)")
  double[] box;
  @Option(names = "--method", defaultValue = "reverse", description = "reverse | truncated | implicit")
  String method;
  @Option(names = "--truncate", defaultValue = "1", description = "J, steps differentiated by truncated")
  int truncate;
  @Option(names = "--tol", defaultValue = "1e-8", description = "relative tolerance of the implicit adjoint solve")
  double tol;
  @Option(names = "--max-iter", defaultValue = "10000", description = "iteration cap of the implicit adjoint solve")
  int maxIter;
  @Option(names = "--adjoint-solver", defaultValue = "fixed-point", description = "fixed-point | gmres")
  String adjointSolver;
  @Option(names = "--snapshots", defaultValue = "-1", description = "reverse only: -1 keeps every step's tape"
      + " (default); S >= 0 keeps at most S dense iterates and recomputes (same gradient, less memory)")
  int snapshots;
  @Option(names = "--repeat", defaultValue = "1", description = "R repetitions; seconds is their median")
  int repeat;
  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;
  @Option(names = "--block-size", defaultValue = "256", description = "examples per DGEMM block (default 256)")
  int blockSize;
  @Option(names = "--support", defaultValue = "0,0", split = ",",
      description = "support selection INCREMENT,MAX in percent (default 0,0 = off)")
  double[] support;
  @Option(names = "--dictionary", required = true, description = "A.npy, shape (m, n)")
  Path dictionary;
  @Option(names = "--signals", required = true, description = "signals.npy, shape (N, m)")
  Path signals;
  @Option(names = "--codes", required = true, description = "codes.npy, shape (N, n)")
  Path codes;
  @Option(names = "--omega", required = true, description = "directory with theta.npy, step.npy (and W.npy)")
  Path omegaDir;
  @Option(names = "--out", required = true, description = "output directory for the gradient files")
  Path out;

  @Override
  public Integer call() throws IOException {
    SparseModel sm = Args.get("--model", () -> SparseModel.parse(model));
    BmoConfig cfg = Args.get("--layers/--mu/--beta/--alpha/--projection", () -> new BmoConfig(layers, mu, beta,
        alpha, Projection.parse(projection, box.length > 0 ? box[0] : -1, box.length > 1 ? box[1] : 1)));
    HypergradientMethod hm = Args.get("--method/--snapshots", () -> HypergradientMethod.parse(method, truncate, tol,
        maxIter, adjointSolver, snapshots));
    Args.check(support.length == 2, "--support expects INCREMENT,MAX, got " + support.length + " values");
    SupportSelection sel = Args.get("--support", () -> new SupportSelection(support[0], support[1]));
    Args.check(repeat >= 1, "--repeat must be >= 1, got " + repeat);
    Args.check(blockSize >= 1, "--block-size must be >= 1, got " + blockSize);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Args.check(nThreads >= 1, "--threads must be >= 1, got " + nThreads);
    Args.check(!Files.exists(out) || Files.isDirectory(out), out + ": --out exists and is not a directory");

    NpyArray a = readMatrix(dictionary, -1, -1);
    int m = a.shape()[0];
    int n = a.shape()[1];
    NpyArray b = readMatrix(signals, -1, m);
    NpyArray x = readMatrix(codes, b.shape()[0], n);
    SparseCodingProblem problem = Args.get("--method", () -> new SparseCodingProblem(sm,
        a.toColumnMajor(), m, n, cfg, hm, sel, null));
    ParamLayout layout = problem.map().layout();
    double[] omega = OmegaFiles.read(omegaDir, layout);

    int count = b.shape()[0];
    ShardPlan plan = new ShardPlan(count, Math.max(1, (int) Math.min(64, (count + blockSize - 1) / blockSize)),
        blockSize);
    ArraySource src = new ArraySource(m, n, b.data(), x.data());
    double[] times = new double[repeat];
    LossGradientSum total = null;
    try (LocalExecutor ex = new LocalExecutor(new SparseCodingShards(problem, src, null), plan, null, nThreads)) {
      for (int r = 0; r < repeat; r++) {
        long t0 = System.nanoTime();
        total = ex.trainTotal(omega, null, true);
        times[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    double[] g = total.gradient();
    OmegaFiles.write(out, layout, g);
    Arrays.sort(times);
    double[] st = total.stats();
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("loss", total.loss());
    res.put("seconds", times[repeat / 2]);
    res.put("model", sm.id());
    res.put("method", hm.id());
    res.put("layers", layers);
    res.put("examples", total.count());
    res.put("grad_norm", Math.sqrt(Arrays.stream(g).map(v -> v * v).sum()));
    if (hm instanceof HypergradientMethod.Implicit) {
      res.put("adjoint_iterations", st[UnrolledObjective.STAT_ADJOINT_ITERATIONS]);
      res.put("adjoint_residual_mean", st[UnrolledObjective.STAT_ADJOINT_RESIDUAL]
          / st[UnrolledObjective.STAT_BLOCKS]);
    }
    if (hm instanceof HypergradientMethod.Reverse rv && rv.checkpointed()) {
      CheckpointSchedule sched = new CheckpointSchedule(layers, rv.snapshots());
      res.put("snapshots", sched.snapshots());
      res.put("forward_steps_per_block", sched.forwardSteps());
    }
    res.put("threads", nThreads);
    res.put("blas", Blas.implementation());
    res.put("out", out.toString());
    System.out.println(Json.write(res));
    return 0;
  }

  /** Reads a finite 2-D array; -1 leaves a dimension free. */
  static NpyArray readMatrix(Path f, int rows, int cols) {
    if (!Files.isRegularFile(f)) {
      throw new UserError(f + ": file not found");
    }
    try {
      NpyArray arr = Npy.read(f);
      Npy.requireShape(arr, f.toString(), rows, cols);
      Npy.requireFinite(arr, f.toString());
      return arr;
    } catch (DataFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(f + ": cannot read: " + e.getMessage(), e);
    }
  }
}
