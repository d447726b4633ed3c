package io.bmo.core.algorithms;

/**
 * What ISGD step k did, all at θ_k (before its update).
 *
 * @param step k
 * @param loss minibatch mean upper loss at the inexact lower solutions
 * @param gradientNorm ‖z_k‖ of the minibatch mean hypergradient
 * @param lowerTolerance ε_k
 * @param cgTolerance δ_k
 * @param examples minibatch size
 * @param notConverged examples whose lower solve or CG hit the iteration cap
 * @param cost this step's iterations
 * @param cumulative iterations of steps 0..k
 */
public record IsgdStep(long step, double loss, double gradientNorm, double lowerTolerance, double cgTolerance,
    long examples, long notConverged, Cost cost, Cost cumulative) {}
