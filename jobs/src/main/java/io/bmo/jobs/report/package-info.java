/**
 * {@code report}: an HTML page for a run or sweep directory, every figure as PNG and SVG (JFreeChart): the upper
 * loss, the family's headline metrics and table panels, seed spread and the paired comparison of a sweep's configs.
 * Inputs are checked first; a damaged file is named in one line.
 */
package io.bmo.jobs.report;
