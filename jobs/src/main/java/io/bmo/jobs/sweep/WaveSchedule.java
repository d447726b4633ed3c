package io.bmo.jobs.sweep;

import java.util.List;

/**
 * Decides a sweep's trials wave by wave. {@link #next} returns the trials of the next wave as a pure function of the
 * sweep config and the outcomes of every earlier wave (in plan order); the runner runs the wave to completion before
 * asking again, and always replays from the first wave, skipping trials that already have a {@code trial.json}.
 * Hence a resumed, re-run or extended sweep makes the same decisions and runs no trial twice, whatever the timing.
 *
 * <p>Invariant: the same sequence of {@code done} lists gives the same sequence of waves (no clock, no global state;
 * randomness only from counter RNG streams keyed by the sampler seed). A proposed trial already in the plan (same
 * trial id) is reused, not run again.
 */
public interface WaveSchedule {
  /**
   * The next wave, or an empty list when the sweep is complete.
   *
   * @param done every planned trial so far with its outcome, in plan order; not modified
   * @return the trials to run next
   */
  List<TrialSpec> next(List<SweepTables.Row> done);

  /**
   * Reorders the final ranking when the schedule has a notion beyond the objective (default: unchanged).
   *
   * @param summary the ranked configs
   * @return the final ranking
   */
  default List<SweepTables.ConfigSummary> rank(List<SweepTables.ConfigSummary> summary) {
    return summary;
  }

  /**
   * The schedule a sweep config asks for: its sampler and halving, wrapped in adaptive seeds when enabled.
   *
   * @param sc the sweep config
   * @return the schedule
   */
  static WaveSchedule of(SweepConfig sc) {
    WaveSchedule base = sc.search().halving().enabled() ? new Halving(sc)
        : sc.sampler() == SweepConfig.Sampler.TPE ? new TpeSchedule(sc)
        : new StaticSchedule(sc);
    return sc.search().adaptive().enabled() ? new AdaptiveSeeds(sc, base) : base;
  }
}
