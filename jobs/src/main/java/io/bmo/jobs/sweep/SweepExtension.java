package io.bmo.jobs.sweep;

import io.bmo.jobs.UserError;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sweep --extend DIR --set …}: the stored sweep config with more seeds or more budget. Only the keys in
 * {@link #EXTENDABLE} may change, and only upwards (the new seeds include the old ones, budgets do not shrink), so
 * every trial of the finished sweep is still planned — with the same id, hence skipped — and only new trials run.
 */
public final class SweepExtension {
  /** The keys {@code --extend} may change. */
  public static final Set<String> EXTENDABLE = Set.of("seeds", "budget", "adaptive-seeds.max-seeds");

  private SweepExtension() {}

  /**
   * @param stored the finished sweep's config
   * @param storedFile its sweep.conf (next to base.conf), reloaded with the overrides
   * @param sets the overrides; each must name an {@link #EXTENDABLE} key
   * @return the extended sweep config
   */
  public static SweepConfig extend(SweepConfig stored, Path storedFile, List<String> sets) {
    if (sets.isEmpty()) {
      throw new UserError("--extend: nothing to add; give --set seeds=…, budget=… or adaptive-seeds.max-seeds=…");
    }
    for (String kv : sets) {
      int eq = kv.indexOf('=');
      String key = eq <= 0 ? kv : kv.substring(0, eq).trim();
      if (!EXTENDABLE.contains(key)) {
        throw new UserError("--extend: --set " + key + " cannot change in a finished sweep (allowed: "
            + String.join(", ", new java.util.TreeSet<>(EXTENDABLE)) + ")");
      }
    }
    SweepConfig next = SweepConfig.load(storedFile, sets);
    Set<Long> seeds = new HashSet<>(next.seeds());
    if (!seeds.containsAll(stored.seeds())) {
      throw new UserError("seeds: --extend only adds seeds; " + next.seeds() + " lacks some of " + stored.seeds());
    }
    if (next.budget() < stored.budget()) {
      throw new UserError("budget: --extend only adds; " + next.budget() + " < " + stored.budget());
    }
    if (next.search().adaptive().maxSeeds() < stored.search().adaptive().maxSeeds()) {
      throw new UserError("adaptive-seeds.max-seeds: --extend only adds; " + next.search().adaptive().maxSeeds()
          + " < " + stored.search().adaptive().maxSeeds());
    }
    return next;
  }
}
