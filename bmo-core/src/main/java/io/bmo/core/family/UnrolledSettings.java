package io.bmo.core.family;

import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.solver.Projection;
import java.io.Serializable;

/**
 * The engine's keys for families whose lower level is an unrolled GKM iteration: Algorithm 1's inner-loop weights
 * ({@code bmo.mu}, {@code bmo.beta}, {@code bmo.alpha}, {@code bmo.projection}), the hypergradient method
 * ({@code hypergradient.*}) and the bounds of a learned step in units of the family's step unit
 * ({@code optimizer.step-min}, {@code optimizer.step-max}). The engine checks their ranges; a family combines them
 * with its own depth K (and checks the method against its model, naming {@code hypergradient.method}).
 */
public record UnrolledSettings(double mu, double beta, double alpha, Projection projection,
    HypergradientMethod method, double stepMin, double stepMax) implements Serializable {}
