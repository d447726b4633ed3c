/**
 * {@code reproduce}: re-runs a run or trial from its stored {@code config.conf} and compares ω bit for bit; when the
 * bits differ it reports the largest relative difference and the likely reason (code version, BLAS, Java).
 */
package io.bmo.jobs.reproduce;
