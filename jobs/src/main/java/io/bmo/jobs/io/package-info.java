/**
 * JSON output (Jackson; NaN and ±Inf written as null, one-line and pretty layouts) and ω directories (one {@code .npy}
 * per parameter block, shapes checked against the layout).
 */
package io.bmo.jobs.io;
