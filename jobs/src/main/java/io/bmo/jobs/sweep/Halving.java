package io.bmo.jobs.sweep;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic successive halving (and Hyperband with {@code halving.brackets} > 1) with training steps as the
 * resource. With S the trials' {@code train.steps}, η = {@code eta} and R = {@code rungs}, rung k trains for
 * r_k = max(1, ⌊S·η^(k−R+1)⌋) steps, so the last rung trains for S. Bracket b runs rungs b … R−1 and starts with the
 * first ⌈N·η^(−b)⌉ of the sampler's N configs; after each rung the best ⌈n/η⌉ configs (the {@link SweepTables}
 * ranking of that rung's trials: complete configs first, then by mean objective over seeds, ties by config order) go
 * on to the next. One rung is one wave: promotions are a function of finished results only.
 *
 * <p>Each rung's trial is a run of its own (train.steps is part of its id and a swept column); a trial that two
 * brackets share is run once.
 */
final class Halving implements WaveSchedule {
  /** The training key that is the resource. */
  static final String STEPS_KEY = "train.steps";

  private final SweepConfig sc;
  private final List<Map<String, ConfigValue>> configs;
  private final long maxSteps;
  private final int eta;
  private final int rungs;
  private final int brackets;
  private int bracket;
  private int rung;
  private List<Integer> survivors;
  private Set<String> current = new HashSet<>();

  Halving(SweepConfig sc) {
    this.sc = sc;
    this.configs = SweepPlan.configs(sc);
    ConfigValue steps = sc.set().get(STEPS_KEY);
    this.maxSteps = steps != null ? ((Number) steps.unwrapped()).longValue() : sc.base().getLong(STEPS_KEY);
    this.eta = sc.search().halving().eta();
    this.rungs = sc.search().halving().rungs();
    this.brackets = sc.search().halving().brackets();
    startBracket(0);
  }

  /** Steps of rung k: max(1, ⌊S·η^(k−R+1)⌋), computed in integers (S / η^(R−1−k)). */
  static long steps(long maxSteps, int eta, int rungs, int k) {
    long div = 1;
    for (int i = k; i < rungs - 1; i++) {
      div *= eta;
    }
    return Math.max(1, maxSteps / div);
  }

  private void startBracket(int b) {
    bracket = b;
    rung = b;
    long n = configs.size();
    for (int i = 0; i < b; i++) {
      n = (n + eta - 1) / eta;
    }
    survivors = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      survivors.add(c);
    }
  }

  @Override
  public List<TrialSpec> next(List<SweepTables.Row> done) {
    if (!current.isEmpty()) {
      List<SweepTables.Row> rungRows = done.stream().filter(r -> current.contains(r.spec().trialId())).toList();
      current = new HashSet<>();
      if (rung + 1 < rungs) {
        survivors = promote(rungRows);
        rung++;
      } else if (bracket + 1 < brackets) {
        startBracket(bracket + 1);
      } else {
        return List.of();
      }
    }
    long steps = steps(maxSteps, eta, rungs, rung);
    List<TrialSpec> wave = new ArrayList<>();
    for (long seed : sc.seeds()) {
      for (int c : survivors) {
        Map<String, ConfigValue> values = new TreeMap<>(configs.get(c));
        values.put(STEPS_KEY, ConfigValueFactory.fromAnyRef(steps));
        TrialSpec s = SweepPlan.trial(sc, wave.size(), c, values, seed);
        wave.add(s);
        current.add(s.trialId());
      }
    }
    return wave;
  }

  /** The best ⌈n/η⌉ configs of a finished rung, in ranking order, among those with a finished seed. */
  private List<Integer> promote(List<SweepTables.Row> rungRows) {
    List<SweepTables.ConfigSummary> ranked = SweepTables.summarize(rungRows, sc.objective(), sc.minimize());
    int keep = (survivors.size() + eta - 1) / eta;
    List<Integer> out = new ArrayList<>();
    for (SweepTables.ConfigSummary c : ranked) {
      if (out.size() < keep && c.finished() > 0) {
        out.add(c.configIndex());
      }
    }
    return out;
  }

  /**
   * Configs with a finished seed first, among them those trained longest (the last rung's), each group in the
   * objective ranking (the sort is stable).
   */
  @Override
  public List<SweepTables.ConfigSummary> rank(List<SweepTables.ConfigSummary> summary) {
    List<SweepTables.ConfigSummary> out = new ArrayList<>(summary);
    out.sort(Comparator.comparingInt((SweepTables.ConfigSummary c) -> c.finished() > 0 ? 0 : 1)
        .thenComparingLong(c -> -Long.parseLong(c.swept().get(STEPS_KEY))));
    return out;
  }
}
