package io.bmo.jobs.sweep;

import java.util.List;

/**
 * The fixed plan of a grid or random sweep ({@link SweepPlan#build}, seed-major), in one wave, or in waves of
 * {@code pruning.wave-size} consecutive trials when median pruning is on (each wave pruned against the earlier ones).
 */
final class StaticSchedule implements WaveSchedule {
  private final List<TrialSpec> plan;
  private final int waveSize;
  private int next;

  StaticSchedule(SweepConfig sc) {
    this.plan = SweepPlan.build(sc);
    this.waveSize = sc.pruning().enabled() ? sc.pruning().waveSize() : Math.max(1, plan.size());
  }

  @Override
  public List<TrialSpec> next(List<SweepTables.Row> done) {
    if (next >= plan.size()) {
      return List.of();
    }
    int end = Math.min(plan.size(), next + waveSize);
    List<TrialSpec> wave = plan.subList(next, end);
    next = end;
    return wave;
  }
}
