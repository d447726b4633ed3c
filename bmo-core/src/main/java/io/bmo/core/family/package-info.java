/**
 * Problem families as plug-ins. A {@link io.bmo.core.family.ProblemFamily} is found with
 * {@link java.util.ServiceLoader} (a line naming the class in {@code META-INF/services/io.bmo.core.family.ProblemFamily})
 * and answers to one or more values of the config key {@code problem}. It owns one config section (keys and
 * documented defaults in its own classpath resource), parses and validates it, and builds a
 * {@link io.bmo.core.family.FamilyRun}: the {@link io.bmo.core.train.ShardedProblem} (data + math) with its shard
 * plans, the starting ω, the projection applied after each optimizer step, its headline metrics, what
 * {@code evaluate} reports and, where supported, the inexact adapter for ISGD/MAID.
 *
 * <p>Invariants: the engine (training loop, executors, run store, sweeps, reports) talks to a family only through
 * these interfaces; a family never sees Spark. Every user error a family raises is a
 * {@link io.bmo.core.family.FamilyConfigException} naming the full config key, so the CLI prints it as one line.
 * Example i of a family's data must depend only on (seed, i), never on partitioning, so that Spark and the
 * single-JVM executor give the same bits.
 */
package io.bmo.core.family;
