package io.bmo.jobs.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adaptive seeds after another schedule: once the inner schedule is complete, while the best config is not separated
 * from the runner-up — paired t-test on their common finished seeds ({@link PairedComparison}), p ≥ 1 − confidence —
 * the target seed count T grows by {@code per-wave} (T₀ = the number of {@code seeds}, at most {@code max-seeds}) and
 * each of the {@code top} best configs gets the trials it lacks among the first T seeds of the sequence
 * {@code seeds}, then max(seeds)+1, max(seeds)+2, …. Stops when separated, when T = max-seeds and nothing is
 * missing, or when fewer than two configs have results.
 *
 * <p>Every wave is a function of the finished results (ranking, p-value), so re-runs and resumes add the same seeds.
 */
final class AdaptiveSeeds implements WaveSchedule {
  private final SweepConfig sc;
  private final WaveSchedule inner;
  private final SearchConfig.AdaptiveSeeds cfg;
  private final List<Long> sequence = new ArrayList<>();
  private boolean innerDone;
  private int target;

  AdaptiveSeeds(SweepConfig sc, WaveSchedule inner) {
    this.sc = sc;
    this.inner = inner;
    this.cfg = sc.search().adaptive();
    sequence.addAll(sc.seeds());
    long next = sc.seeds().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    while (sequence.size() < cfg.maxSeeds()) {
      sequence.add(next++);
    }
    target = sc.seeds().size();
  }

  @Override
  public List<TrialSpec> next(List<SweepTables.Row> done) {
    if (!innerDone) {
      List<TrialSpec> w = inner.next(done);
      if (!w.isEmpty()) {
        return w;
      }
      innerDone = true;
    }
    List<SweepTables.ConfigSummary> ranked = rank(SweepTables.summarize(done, sc.objective(), sc.minimize()));
    if (ranked.size() < 2 || ranked.get(0).finished() == 0 || separated(ranked, done)) {
      return List.of();
    }
    Map<String, TrialSpec> anySpec = new LinkedHashMap<>();
    Set<String> planned = new HashSet<>();
    for (SweepTables.Row r : done) {
      anySpec.putIfAbsent(r.spec().configId(), r.spec());
      planned.add(r.spec().configId() + "/" + r.spec().seed());
    }
    while (target < Math.max(cfg.maxSeeds(), sc.seeds().size())) {
      target = Math.min(cfg.maxSeeds(), target + cfg.perWave());
      List<TrialSpec> wave = new ArrayList<>();
      for (long seed : sequence.subList(0, target)) {
        for (int i = 0; i < Math.min(cfg.top(), ranked.size()); i++) {
          String id = ranked.get(i).configId();
          if (!planned.contains(id + "/" + seed)) {
            wave.add(SweepPlan.reseed(sc, anySpec.get(id), seed));
          }
        }
      }
      if (!wave.isEmpty()) {
        return wave;
      }
    }
    return List.of();
  }

  /** Whether the paired t-test puts the best and the runner-up apart at the configured confidence. */
  private boolean separated(List<SweepTables.ConfigSummary> ranked, List<SweepTables.Row> done) {
    Map<String, Map<Long, Double>> seeds = PairedComparison.bySeed(done, sc.objective());
    PairedComparison.Result p = PairedComparison.compare(seeds.get(ranked.get(1).configId()),
        seeds.get(ranked.get(0).configId()));
    return p.pT() < 1 - cfg.confidence();
  }

  @Override
  public List<SweepTables.ConfigSummary> rank(List<SweepTables.ConfigSummary> summary) {
    return inner.rank(summary);
  }
}
