package io.bmo.jobs.sweep;

import io.bmo.jobs.run.RunStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The growing plan of a sweep run wave by wave: trials in the order the {@link WaveSchedule} proposed them (each
 * trial id once; {@link TrialSpec#index()} is the position here) and their outcomes, loaded from {@code trial.json}
 * when a trial is already done.
 */
final class Waves {
  private final RunStore store;
  private final List<TrialSpec> plan = new ArrayList<>();
  private final List<TrialResult> results = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private int skipped;

  Waves(RunStore store) {
    this.store = store;
  }

  /**
   * Appends a wave's new trials to the plan (a trial id already planned is reused) and loads the stored outcomes.
   *
   * @return the trials of the wave that still have to run, in plan order
   */
  List<TrialSpec> add(List<TrialSpec> wave) throws IOException {
    List<TrialSpec> pending = new ArrayList<>();
    for (TrialSpec proposed : wave) {
      if (!ids.add(proposed.trialId())) {
        continue;
      }
      TrialSpec s = proposed.withIndex(plan.size());
      plan.add(s);
      TrialResult r = SweepRunner.load(store, s);
      results.add(r);
      if (r == null) {
        pending.add(s);
      } else {
        skipped++;
      }
    }
    return pending;
  }

  /** The plan so far. */
  List<TrialSpec> plan() {
    return plan;
  }

  /** Outcomes by plan index (null while a trial has not run); the runner sets them. */
  List<TrialResult> results() {
    return results;
  }

  /** Trials found done in the store. */
  int skipped() {
    return skipped;
  }

  /** Every planned trial with its outcome, in plan order (all are done between waves). */
  List<SweepTables.Row> rows() {
    List<SweepTables.Row> out = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      if (results.get(i) == null) {
        throw new IllegalStateException("trial " + plan.get(i).trialId() + " has no outcome");
      }
      out.add(new SweepTables.Row(plan.get(i), results.get(i)));
    }
    return out;
  }
}
