package io.bmo.jobs.config;

import static io.bmo.jobs.config.TrainConfig.lng;
import static io.bmo.jobs.config.TrainConfig.num;
import static io.bmo.jobs.config.TrainConfig.posInt;
import static io.bmo.jobs.config.TrainConfig.require;

import com.typesafe.config.Config;
import io.bmo.core.solver.Tolerances;
import java.io.Serializable;

/**
 * The {@code quadratic} section: a seeded instance of the quadratic anchor problem (lower
 * {@code min_x ½‖A₂x + A₃θ − b₂ᵢ‖²}, upper {@code ½‖A₁x − b₁ᵢ‖²}, N samples) and its CG accuracies.
 *
 * @param m dimension of x ({@code quadratic.m})
 * @param p dimension of θ ({@code quadratic.p})
 * @param r1 rows of A₁ ({@code quadratic.r1}), at least p so θ* is unique
 * @param r2 rows of A₂, A₃ ({@code quadratic.r2}), at least m
 * @param samples N ({@code quadratic.samples})
 * @param seed instance seed ({@code quadratic.seed})
 * @param tolerances relative residuals ε = {@code quadratic.lower-tol} (lower CG), δ = {@code quadratic.cg-tol}
 * @param maxIterations cap of each CG solve ({@code quadratic.max-iterations})
 */
public record QuadraticSection(int m, int p, int r1, int r2, int samples, long seed, Tolerances tolerances,
    int maxIterations) implements Serializable {

  static QuadraticSection from(Config c) {
    int m = posInt(c, "quadratic.m");
    int p = posInt(c, "quadratic.p");
    int r1 = posInt(c, "quadratic.r1");
    int r2 = posInt(c, "quadratic.r2");
    require(r1 >= p, "quadratic.r1", "must be >= quadratic.p = " + p + " (unique theta*), got " + r1);
    require(r2 >= m, "quadratic.r2", "must be >= quadratic.m = " + m + " (A2 full column rank), got " + r2);
    int n = posInt(c, "quadratic.samples");
    double eps = num(c, "quadratic.lower-tol");
    require(eps > 0, "quadratic.lower-tol", "must be > 0, got " + eps);
    double delta = num(c, "quadratic.cg-tol");
    require(delta > 0, "quadratic.cg-tol", "must be > 0, got " + delta);
    return new QuadraticSection(m, p, r1, r2, n, lng(c, "quadratic.seed"), new Tolerances(eps, delta),
        posInt(c, "quadratic.max-iterations"));
  }
}
