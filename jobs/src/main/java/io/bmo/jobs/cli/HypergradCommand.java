package io.bmo.jobs.cli;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.family.ProblemFamilies;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.LocalExecutor;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.ConfigLoader;
import io.bmo.jobs.config.TrainConfig;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.io.OmegaFiles;
import io.bmo.jobs.run.FamilySetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code hypergrad [CONFIG] --omega DIR --out DIR}: φ(ω) and ∇φ(ω), the configured family's upper loss and its
 * hypergradient over the whole training set at the ω stored in DIR (one {@code .npy} per parameter block). Writes the
 * gradient of each block to OUT_DIR under the same file names and shapes, and one JSON line: {@code loss}, median
 * {@code seconds} of {@code --repeat} runs, {@code examples}, {@code grad_norm}, the family's own fields, threads and
 * BLAS. Without CONFIG, the remaining options are a family's short form (sparse coding: {@code --model --layers
 * --dictionary --signals --codes …}, see {@code ProblemFamily#commandOverrides}). All inputs are validated before
 * anything is computed or written.
 */
@Command(name = "hypergrad", mixinStandardHelpOptions = true,
    description = "Upper loss and hypergradient at a stored omega, on a config's training set (or, for sparse "
        + "coding, on .npy data: --model M --layers K --dictionary A.npy --signals b.npy --codes x.npy "
        + "[--mu --beta --alpha --projection --box LO,HI --method --truncate --tol --max-iter --adjoint-solver "
        + "--snapshots --support INC,MAX --block-size])")
public final class HypergradCommand implements Callable<Integer> {
  // CONFIG is read from the unmatched arguments: a declared positional would take the short form's values.
  @Option(names = "--set", description = "override a config key: key=value (repeatable)")
  List<String> sets = new ArrayList<>();
  @Option(names = "--omega", required = true, description = "directory with one .npy per block of omega")
  Path omegaDir;
  @Option(names = "--out", required = true, description = "output directory for the gradient files")
  Path out;
  @Option(names = "--repeat", defaultValue = "1", description = "R repetitions; seconds is their median")
  int repeat;
  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;
  /** CONFIG (first, when it is not an option) or a family's short form. */
  @Unmatched
  List<String> rest = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Args.check(repeat >= 1, "--repeat must be >= 1, got " + repeat);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Args.check(nThreads >= 1, "--threads must be >= 1, got " + nThreads);
    Args.check(!Files.exists(out) || Files.isDirectory(out), out + ": --out exists and is not a directory");
    Path configFile = !rest.isEmpty() && !rest.get(0).startsWith("-") ? Path.of(rest.get(0)) : null;
    List<String> shortForm = configFile == null ? rest : rest.subList(1, rest.size());
    List<ProblemFamily.CommandOverride> given = shortForm(configFile, shortForm);
    List<String> overrides = new ArrayList<>();
    given.forEach(o -> overrides.add(o.key() + "=" + o.value()));
    overrides.addAll(sets);
    TrainConfig cfg;
    FamilySetup setup;
    try {
      cfg = TrainConfig.from(ConfigLoader.load(configFile, overrides));
      setup = FamilySetup.create(cfg);
    } catch (UserError e) {
      throw withOption(e, given);
    }
    ParamLayout layout = setup.problem().layout();
    double[] omega = OmegaFiles.read(omegaDir, layout);
    double[] times = new double[repeat];
    LossGradientSum total = null;
    try (LocalExecutor ex = new LocalExecutor(setup.problem(), setup.trainPlan(), null, nThreads)) {
      for (int r = 0; r < repeat; r++) {
        long t0 = System.nanoTime();
        total = ex.trainTotal(omega, null, true);
        times[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    double[] g = total.gradient();
    OmegaFiles.write(out, layout, g);
    Arrays.sort(times);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("loss", total.loss());
    res.put("seconds", times[repeat / 2]);
    res.put("problem", cfg.problemName());
    res.put("examples", total.count());
    res.put("grad_norm", Math.sqrt(Arrays.stream(g).map(v -> v * v).sum()));
    res.putAll(setup.run().hypergradientFields(total));
    res.put("threads", nThreads);
    res.put("blas", Blas.implementation());
    res.put("out", out.toString());
    System.out.println(Json.write(res));
    return 0;
  }

  /** An error about a key the short form set names the option too ("--model (model.type): …"). */
  private static UserError withOption(UserError e, List<ProblemFamily.CommandOverride> given) {
    String m = e.getMessage();
    for (ProblemFamily.CommandOverride o : given) {
      if (o.option() != null && (m.startsWith(o.key() + ":") || m.startsWith("--set: " + o.key() + ":"))) {
        return new UserError(o.option() + " (" + m.replaceFirst("^--set: ", "").replaceFirst(":", "):"), e);
      }
    }
    return e;
  }

  /** The overrides of a family's short form (none with a CONFIG). */
  private static List<ProblemFamily.CommandOverride> shortForm(Path configFile, List<String> shortForm) {
    if (configFile != null || shortForm.isEmpty()) {
      if (!shortForm.isEmpty()) {
        throw new UserError(shortForm.get(0) + ": unknown option (a family's short form is only for hypergrad "
            + "without CONFIG)");
      }
      return List.of();
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < shortForm.size(); i++) {
      String o = shortForm.get(i);
      String name = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
      if (!name.startsWith("--")) {
        throw new UserError(o + ": unexpected argument");
      }
      String value = o.contains("=") ? o.substring(o.indexOf('=') + 1)
          : i + 1 < shortForm.size() && !shortForm.get(i + 1).startsWith("--") ? shortForm.get(++i) : null;
      if (value == null) {
        throw new UserError(name + ": unknown option, or a value is missing");
      }
      options.put(name, value);
    }
    List<ProblemFamily.CommandOverride> out = null;
    for (ProblemFamily f : ProblemFamilies.all()) {
      try {
        out = f.commandOverrides("hypergrad", options);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      if (out != null) {
        break;
      }
    }
    if (out == null) {
      throw new UserError(String.join(" ", options.keySet()) + ": unknown options (give a training CONFIG)");
    }
    return out;
  }
}
