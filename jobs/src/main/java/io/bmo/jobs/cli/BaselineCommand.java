package io.bmo.jobs.cli;

import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.operator.Spectral;
import io.bmo.core.problem.Block;
import io.bmo.core.sparsecoding.FistaBaseline;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.train.ExampleSource;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.SparseCodingSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baseline CONFIG}: ISTA and FISTA with a tuned λ (no learning) on the config's sparse-coding data, at the
 * config's K: λ is chosen on the first {@code --tune-examples} training examples from a log grid, then the test NMSE
 * is reported. The reference that learned models must beat.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = "ISTA/FISTA with a tuned lambda on a sparse-coding config (the classical baseline).")
public final class BaselineCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG")
  Path configFile;
  @Option(names = "--set", description = "override a config key: key=value (repeatable)")
  List<String> sets = new ArrayList<>();
  @Option(names = "--lambdas", split = ",", description = "λ grid (default: 40 values log-spaced in [1e-4, 1])")
  double[] lambdas;
  @Option(names = "--tune-examples", defaultValue = "1024", description = "training examples used to pick λ")
  int tuneExamples;
  @Option(names = "--block-size", defaultValue = "256")
  int blockSize;

  @Override
  public Integer call() {
    TrainConfig cfg = TrainConfig.from(ConfigLoader.load(configFile, sets));
    if (cfg.problem() != TrainConfig.Problem.SPARSE_CODING) {
      throw new UserError("problem: baseline is for sparse-coding configs, got " + cfg.problem().id());
    }
    SparseCodingSetup setup = SparseCodingSetup.create(cfg, new Configuration());
    if (setup.test == null) {
      throw new UserError("baseline needs a test set (data.test-examples > 0 or test files)");
    }
    if (tuneExamples < 1 || blockSize < 1) {
      throw new UserError("--tune-examples and --block-size must be >= 1");
    }
    double[] grid = lambdas;
    if (grid == null) {
      grid = new double[40];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = Math.pow(10, -4 + 4.0 * i / (grid.length - 1));
      }
    }
    int k = cfg.model().layers();
    // the baseline runs ISTA/FISTA on A: its Lipschitz constant is ‖A‖² whatever the model's step unit
    double lip = setup.problem.model() == SparseModel.ALISTA
        ? Spectral.lipschitz(setup.problem.dictionary(), setup.m, setup.n) : setup.lipschitz;
    FistaBaseline fb = new FistaBaseline(setup.problem.dictionary(), setup.m, setup.n, lip);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("layers", k);
    for (boolean acc : new boolean[] {false, true}) {
      double best = Double.POSITIVE_INFINITY;
      double bestLambda = Double.NaN;
      for (double lam : grid) {
        double nmse = nmse(fb, setup.train, Math.min(tuneExamples, setup.train.size()), lam, acc, k);
        if (nmse < best) {
          best = nmse;
          bestLambda = lam;
        }
      }
      double test = nmse(fb, setup.test, setup.test.size(), bestLambda, acc, k);
      String name = acc ? "fista" : "ista";
      System.err.printf(Locale.ROOT, "%s K=%d: best lambda %.4g (train NMSE %.2f dB), test NMSE %.2f dB%n", name, k,
          bestLambda, best, test);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lambda", bestLambda);
      m.put("train_nmse_db", best);
      m.put("test_nmse_db", test);
      res.put(name, m);
    }
    System.out.println(Json.write(res));
    return 0;
  }

  private double nmse(FistaBaseline fb, ExampleSource src, long count, double lambda, boolean acc, int k) {
    int m = src.signalDim();
    int n = src.codeDim();
    double[] b = new double[m * blockSize];
    double[] x = new double[n * blockSize];
    double[][] out = new double[1][2];
    for (long i = 0; i < count; i += blockSize) {
      int cols = (int) Math.min(blockSize, count - i);
      src.fill(i, cols, b, x);
      fb.evaluate(new Block(b, x, cols), lambda, acc, new int[] {k}, out);
    }
    return UnrolledObjective.nmseDb(out[0][0], out[0][1]);
  }
}
