package io.bmo.jobs.family;

import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.Metric;
import io.bmo.core.family.ProblemFamily;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The toy plug-in family {@code problem = "ridge"} (section {@code ridge}, defaults in {@code ridge-defaults.conf}):
 * learns ω = log λ of a 1-D ridge fixed-point map ({@link RidgeProblem}). Registered in
 * {@code META-INF/services/io.bmo.core.family.ProblemFamily}; the engine has no line of code for it.
 */
public final class RidgeFamily implements ProblemFamily {
  @Override
  public List<String> names() {
    return List.of("ridge");
  }

  @Override
  public String section() {
    return "ridge";
  }

  @Override
  public String defaultsResource() {
    return "ridge-defaults.conf";
  }

  @Override
  public List<Metric> headlineMetrics() {
    return List.of(new Metric("test_mse", Metric.Goal.MINIMIZE, "Test MSE", Metric.Plot.LOG));
  }

  @Override
  public double estimatedSeconds(FamilyConfig c, EngineSettings e, double gflops) {
    // about 10 flops per example and layer, forward and derivative together
    return (double) e.steps() * c.integer("train-examples") * c.integer("layers") * 10 / (gflops * 1e9);
  }

  @Override
  public FamilyRun create(String problem, FamilyConfig c, EngineSettings engine) {
    long train = c.integer("train-examples");
    long test = c.integer("test-examples");
    double sigma = c.number("noise-sigma");
    double step = c.number("step");
    int layers = c.positiveInt("layers");
    double omega0 = c.number("log-lambda");
    c.require(train >= 1, "train-examples", "must be >= 1, got " + train);
    c.require(test >= 0, "test-examples", "must be >= 0, got " + test);
    c.require(sigma >= 0, "noise-sigma", "must be >= 0, got " + sigma);
    c.require(step > 0 && step < 1, "step", "must be in (0, 1) so that T contracts, got " + step);
    RidgeProblem p = new RidgeProblem(c.integer("seed"), c.integer("test-seed"), train, test, sigma, step, layers);
    return new FamilyRun() {
      @Override
      public ShardedProblem problem() {
        return p;
      }

      @Override
      public ShardPlan trainPlan() {
        return new ShardPlan(train, (int) Math.min(engine.shards(), train), (int) Math.min(engine.blockSize(), train));
      }

      @Override
      public ShardPlan testPlan() {
        return test == 0 ? null : new ShardPlan(test, (int) Math.min(engine.shards(), test),
            (int) Math.min(engine.blockSize(), test));
      }

      @Override
      public double[] initialOmega() {
        return new double[] {omega0};
      }

      @Override
      public String progressMetric() {
        return "test_mse";
      }

      @Override
      public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda", Math.exp(omega[0]));
        m.put("test_mse", last.applyAsDouble("test_mse"));
        return m;
      }

      @Override
      public Map<String, Object> evaluate(double[] omega) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda", Math.exp(omega[0]));
        m.put("test_mse", p.testMse(omega[0]));
        return m;
      }
    };
  }
}
