package io.bmo.core.quadratic;

import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.solver.Tolerances;
import io.bmo.core.train.ShardPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code problem = "quadratic"} (section {@code quadratic}, keys in {@code quadratic-defaults.conf}): the seeded
 * instance of {@link QuadraticInstance#generate} as {@link QuadraticShards}, θ₀ = 0, no projection; every algorithm
 * but joint mode. The headline metric is {@code theta_error} = ‖θ − θ*‖/‖θ*‖ against the closed form; the final
 * JSON line and {@code evaluate} carry it too.
 */
public final class QuadraticFamily implements ProblemFamily {
  @Override
  public List<String> names() {
    return List.of("quadratic");
  }

  @Override
  public String section() {
    return "quadratic";
  }

  @Override
  public String defaultsResource() {
    return "quadratic-defaults.conf";
  }

  @Override
  public boolean defaultsInEveryConfig() {
    return true;
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("theta_error", Metric.Goal.MINIMIZE, "‖θ − θ*‖ / ‖θ*‖", Metric.Plot.LOG));
  }

  @Override
  public void validate(String problem, FamilyConfig c, EngineSettings engine) {
    settings(c);
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    Settings s = settings(c);
    QuadraticShards shards;
    try {
      shards = new QuadraticShards(QuadraticInstance.generate(s.seed(), s.m(), s.p(), s.r1(), s.r2(), s.samples()),
          s.tolerances(), s.maxIterations());
    } catch (IllegalArgumentException e) {
      throw new FamilyConfigException(c.section(), e.getMessage());
    }
    return new Run(shards, engine.plan(shards.trainSize()), s.seed(), s.maxIterations());
  }

  /** The section's values, checked. */
  private record Settings(int m, int p, int r1, int r2, int samples, long seed, Tolerances tolerances,
      int maxIterations) {}

  private static Settings settings(FamilyConfig c) {
    int m = c.positiveInt("m");
    int p = c.positiveInt("p");
    int r1 = c.positiveInt("r1");
    int r2 = c.positiveInt("r2");
    c.require(r1 >= p, "r1", "must be >= quadratic.p = " + p + " (unique theta*), got " + r1);
    c.require(r2 >= m, "r2", "must be >= quadratic.m = " + m + " (A2 full column rank), got " + r2);
    int samples = c.positiveInt("samples");
    double eps = c.number("lower-tol");
    c.require(eps > 0, "lower-tol", "must be > 0, got " + eps);
    double delta = c.number("cg-tol");
    c.require(delta > 0, "cg-tol", "must be > 0, got " + delta);
    return new Settings(m, p, r1, r2, samples, c.integer("seed"), new Tolerances(eps, delta),
        c.positiveInt("max-iterations"));
  }


  private record Run(QuadraticShards problem, ShardPlan trainPlan, long seed, int maxIterations)
      implements FamilyRun {
    @Override
    public ShardPlan testPlan() {
      return null;
    }

    @Override
    public double[] initialOmega() {
      return new double[problem.instance().p()];
    }

    @Override
    public String progressMetric() {
      return "theta_error";
    }

    @Override
    public Map<String, Object> seeds() {
      return Map.of("data", seed);
    }

    @Override
    public Map<String, Object> manifestFields() {
      return Map.of("theta_star", problem.thetaStar());
    }

    @Override
    public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> lastMetric) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("theta_error", problem.thetaError(omega));
      m.put("cost_cumulative", lastMetric.applyAsDouble("cost_cumulative"));
      return m;
    }

    @Override
    public Map<String, Object> evaluate(double[] omega) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("theta_error", problem.thetaError(omega));
      m.put("theta_star", problem.thetaStar());
      return m;
    }

    @Override
    public Map<String, Double> algorithmMetrics(double[] omega, double[][] testEval) {
      return Map.of("theta_error", problem.thetaError(omega));
    }

    @Override
    public InexactProblem inexact() {
      return new QuadraticInexact(problem.instance(), new double[problem.instance().p()], maxIterations);
    }
  }
}
