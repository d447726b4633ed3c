/**
 * Rain-streak data: a seeded synthetic rain generator, a reader for rainy/clean pairs laid out as
 * {@code rain-NNN.png} / {@code norain-NNN.png}, and the quality measures deraining is judged by (PSNR and SSIM on
 * the BT.601 luma Y).
 *
 * <p><b>Rain model.</b> A rain layer {@code R ∈ [0, 1]} is composited onto a clean background {@code B ∈ [0, 1]} by
 * the screen blend {@code O = 1 − (1 − B)(1 − R) = B + R − B·R}: light adds to light, O stays in [0, 1] with no
 * clipping, {@code O ≥ max(B, R)}, and where B is dark O ≈ B + R (the additive model O = B + R the deraining map
 * assumes).
 *
 * <p><b>Determinism.</b> The rain of example i depends only on (seed, i, image size) through
 * {@link io.bmo.core.random.SeededRandom} stream {@link io.bmo.core.derain.RainStreaks#RAIN_STREAM} (the generator
 * is bmo-core's {@link io.bmo.core.derain.RainStreaks}, shared with the deraining family).
 *
 * <p><b>A second renderer.</b> {@link io.bmo.datasets.rain.SegmentRain} draws rain another way (hard-edged segments,
 * the maximum over streaks, compositing over the background towards a rain colour) and no training config uses it:
 * held-out pairs of rain the learned models were not trained on ({@link io.bmo.datasets.rain.RainPairsWriter}).
 */
package io.bmo.datasets.rain;
