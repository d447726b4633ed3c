/**
 * One training run into a run directory (local or any Hadoop URI): setup of the configured family
 * ({@link io.bmo.jobs.run.FamilySetup}), Algorithm 1 ({@link io.bmo.jobs.run.TrainRun}) or a stateful algorithm
 * ({@link io.bmo.jobs.run.AlgorithmRun}), both stepped by the one outer loop ({@code TrainLoop}: metrics, progress,
 * checkpoints, divergence, finish), atomic checkpoints and resume ({@link io.bmo.jobs.run.RunStore}), the
 * manifest, metrics, and the engine's file services for families (images, arrays, example files streamed by row
 * ranges). Invariant: a resumed run continues bit for bit.
 */
package io.bmo.jobs.run;
