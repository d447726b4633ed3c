package io.bmo.jobs.run;

import io.bmo.core.quadratic.QuadraticInstance;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.quadratic.QuadraticShards;
import io.bmo.core.train.ShardPlan;
import io.bmo.jobs.config.QuadraticSection;
import io.bmo.jobs.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code quadratic} run: the seeded instance of {@link QuadraticInstance#generate}, θ₀ = 0, clip → Adam/SGD
 * without projection; the final JSON line carries {@code theta_error} = ‖θ − θ*‖/‖θ*‖ against the closed form.
 */
public final class QuadraticSetup implements RunSetup {
  private final TrainConfig config;
  private final QuadraticShards shards;

  private QuadraticSetup(TrainConfig config, QuadraticShards shards) {
    this.config = config;
    this.shards = shards;
  }

  public static QuadraticSetup create(TrainConfig cfg) {
    QuadraticSection q = cfg.quadratic();
    QuadraticShards shards = TrainConfig.wrapStatic("quadratic", () -> new QuadraticShards(
        QuadraticInstance.generate(q.seed(), q.m(), q.p(), q.r1(), q.r2(), q.samples()), q.tolerances(),
        q.maxIterations()));
    return new QuadraticSetup(cfg, shards);
  }

  @Override
  public QuadraticShards problem() {
    return shards;
  }

  @Override
  public ShardPlan trainPlan() {
    TrainConfig.Train t = config.train();
    long n = shards.trainSize();
    return new ShardPlan(n, (int) Math.min(t.shards(), n), (int) Math.min(t.blockSize(), n));
  }

  @Override
  public ShardPlan testPlan() {
    return null;
  }

  @Override
  public double[] initialOmega() {
    return new double[config.quadratic().p()];
  }

  @Override
  public Optimizer optimizer() {
    return config.optimizer().build(null);
  }

  @Override
  public String progressMetric() {
    return "theta_error";
  }

  @Override
  public Map<String, Object> manifestFields() {
    return Map.of("theta_star", shards.thetaStar());
  }

  @Override
  public Map<String, Object> resultFields(double[] omega, MetricsLog metrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem", "quadratic");
    m.put("theta_error", shards.thetaError(omega));
    m.put("cost_cumulative", metrics.last("cost_cumulative"));
    return m;
  }
}
