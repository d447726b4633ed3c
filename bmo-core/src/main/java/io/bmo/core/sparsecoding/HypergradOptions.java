package io.bmo.core.sparsecoding;

import io.bmo.core.family.ProblemFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The short form of {@code hypergrad} for sparse coding, without a config file: {@code --model M --layers K
 * --dictionary A.npy --signals b.npy --codes x.npy [--mu --beta --alpha --projection --box LO,HI --method --truncate
 * --tol --max-iter --adjoint-solver --snapshots --support INC,MAX --block-size]}, turned into config overrides
 * ({@code problem = "sparse-coding"}, {@code data.source = "files"}, no test set). Defaults of the short form:
 * μ = 0, β = 0.5, α = 1, no projection, reverse mode, J = 1, tol 1e-8, 10000 adjoint iterations, fixed-point adjoint
 * solver, the full tape, no support selection, blocks of 256.
 */
final class HypergradOptions {
  private HypergradOptions() {}

  /** Option → (config key, default; null = required). */
  private static final Map<String, String[]> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("--model", new String[] {"model.type", null});
    KEYS.put("--layers", new String[] {"model.layers", null});
    KEYS.put("--dictionary", new String[] {"data.dictionary", null});
    KEYS.put("--signals", new String[] {"data.train-signals", null});
    KEYS.put("--codes", new String[] {"data.train-codes", null});
    KEYS.put("--mu", new String[] {"bmo.mu", "0"});
    KEYS.put("--beta", new String[] {"bmo.beta", "0.5"});
    KEYS.put("--alpha", new String[] {"bmo.alpha", "1"});
    KEYS.put("--projection", new String[] {"bmo.projection", "none"});
    KEYS.put("--method", new String[] {"hypergradient.method", "reverse"});
    KEYS.put("--truncate", new String[] {"hypergradient.truncate", "1"});
    KEYS.put("--tol", new String[] {"hypergradient.tol", "1e-8"});
    KEYS.put("--max-iter", new String[] {"hypergradient.max-iterations", "10000"});
    KEYS.put("--adjoint-solver", new String[] {"hypergradient.solver", "fixed-point"});
    KEYS.put("--snapshots", new String[] {"hypergradient.snapshots", "-1"});
    KEYS.put("--block-size", new String[] {"train.block-size", "256"});
  }

  /** The overrides, or throws IllegalArgumentException naming an unknown or missing option. */
  static List<ProblemFamily.CommandOverride> overrides(Map<String, String> options) {
    for (String o : options.keySet()) {
      if (!KEYS.containsKey(o) && !o.equals("--box") && !o.equals("--support")) {
        throw new IllegalArgumentException(o + ": unknown option of hypergrad");
      }
    }
    List<ProblemFamily.CommandOverride> out = new ArrayList<>();
    out.add(new ProblemFamily.CommandOverride(null, "problem", "sparse-coding"));
    out.add(new ProblemFamily.CommandOverride(null, "data.source", "files"));
    out.add(new ProblemFamily.CommandOverride(null, "data.test-signals", "\"\""));
    out.add(new ProblemFamily.CommandOverride(null, "data.test-codes", "\"\""));
    for (Map.Entry<String, String[]> e : KEYS.entrySet()) {
      String v = options.getOrDefault(e.getKey(), e.getValue()[1]);
      if (v == null) {
        throw new IllegalArgumentException(e.getKey() + ": required (or give a config file)");
      }
      out.add(new ProblemFamily.CommandOverride(e.getKey(), e.getValue()[0], quoted(v)));
    }
    String[] box = pair(options.getOrDefault("--box", "-1,1"), "--box", "LO,HI");
    out.add(new ProblemFamily.CommandOverride("--box", "bmo.box-lo", box[0]));
    out.add(new ProblemFamily.CommandOverride("--box", "bmo.box-hi", box[1]));
    String[] support = pair(options.getOrDefault("--support", "0,0"), "--support", "INCREMENT,MAX");
    out.add(new ProblemFamily.CommandOverride("--support", "model.support.increment", support[0]));
    out.add(new ProblemFamily.CommandOverride("--support", "model.support.max", support[1]));
    return out;
  }

  private static String[] pair(String v, String option, String form) {
    String[] p = v.split(",", -1);
    if (p.length != 2) {
      throw new IllegalArgumentException(option + " expects " + form + ", got " + p.length + " values");
    }
    return p;
  }

  /** A HOCON string value, so paths and names pass unchanged. */
  private static String quoted(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
