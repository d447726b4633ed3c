/**
 * {@code sweep}: configs × seeds of a training config on Spark, each trial a run directory named by a hash of its
 * resolved config and seed (so {@code --resume} and {@code --extend} skip finished trials); grid, random and seeded
 * model-based search, median pruning, successive halving and Hyperband in deterministic waves, adaptive seeds, and
 * per-config summaries with paired comparisons (paired t and Wilcoxon) against the best config on common seeds.
 * Invariant: the decisions depend only on results, never on timing or resume.
 */
package io.bmo.jobs.sweep;
