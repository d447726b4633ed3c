package io.bmo.jobs.sweep;

import com.typesafe.config.ConfigValue;
import io.bmo.core.random.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A seeded, batch-synchronous Tree-structured Parzen Estimator over the unit cube of the space (dimension d maps a
 * draw u_d ∈ [0, 1) to a value with {@link Dimension#sample}).
 *
 * <p>Wave 0: configs 0 … startup−1, config i drawn from the counter RNG stream (sampler-seed, i) exactly as
 * {@code sampler = random} draws it. Wave w ≥ 1: configs i = startup + (w−1)·batch + j, j < batch, i < budget. The
 * configs with a trial so far are ranked by mean objective over their finished seeds (none finished: last; ties:
 * config order); the first ⌈γn⌉ are good (G), the rest bad (B). With φ_h the Gaussian density of width h,
 * l(u) = (1 + Σ_{c∈G} Π_d φ_h(u_d − c_d)) / (|G| + 1) and g likewise over B (the 1 is a uniform prior). Proposal i
 * draws {@code candidates} points from l — a good config chosen uniformly, each coordinate plus h·N(0, 1), reflected
 * into [0, 1) — with the stream (sampler-seed, {@link #STREAM}, i) and keeps the first with the largest l/g.
 *
 * <p>Deterministic: only {@link SeededRandom} draws, {@link StrictMath}, and the finished results; the proposals of
 * a wave do not see each other, so a wave is fixed before it runs.
 */
final class TpeSchedule implements WaveSchedule {
  /** {@link SeededRandom} stream of TPE proposals (the random sampler uses {@link SweepPlan#SAMPLER_STREAM}). */
  static final long STREAM = 7;

  private final SweepConfig sc;
  private final SearchConfig.Tpe tpe;
  private final List<Dimension> dims;
  private final List<double[]> points = new ArrayList<>();
  private int wave;

  TpeSchedule(SweepConfig sc) {
    this.sc = sc;
    this.tpe = sc.search().tpe();
    this.dims = sc.space();
  }

  @Override
  public List<TrialSpec> next(List<SweepTables.Row> done) {
    int from = points.size();
    int to = Math.min(sc.budget(), wave == 0 ? tpe.startup() : from + tpe.batch());
    if (from >= to) {
      return List.of();
    }
    for (int i = from; i < to; i++) {
      points.add(wave == 0 ? randomPoint(i) : propose(i, done));
    }
    wave++;
    List<TrialSpec> out = new ArrayList<>();
    for (long seed : sc.seeds()) {
      for (int i = from; i < to; i++) {
        out.add(SweepPlan.trial(sc, out.size(), i, values(points.get(i)), seed));
      }
    }
    return out;
  }

  private double[] randomPoint(int i) {
    SeededRandom rng = new SeededRandom(sc.samplerSeed(), SweepPlan.SAMPLER_STREAM, i);
    double[] u = new double[dims.size()];
    for (int d = 0; d < u.length; d++) {
      u[d] = rng.nextDouble();
    }
    return u;
  }

  private Map<String, ConfigValue> values(double[] u) {
    Map<String, ConfigValue> m = new TreeMap<>();
    for (int d = 0; d < u.length; d++) {
      m.put(dims.get(d).key(), dims.get(d).sample(u[d]));
    }
    return m;
  }

  /** Proposal i from the ranking of the configs that have trials in {@code done}. */
  double[] propose(int i, List<SweepTables.Row> done) {
    List<SweepTables.ConfigSummary> ranked = SweepTables.summarize(done, sc.objective(), sc.minimize());
    List<double[]> good = new ArrayList<>();
    List<double[]> bad = new ArrayList<>();
    int nGood = Math.max(1, (int) Math.ceil(tpe.gamma() * ranked.size()));
    for (int k = 0; k < ranked.size(); k++) {
      double[] p = points.get(ranked.get(k).configIndex());
      (k < nGood && ranked.get(k).finished() > 0 ? good : bad).add(p);
    }
    SeededRandom rng = new SeededRandom(sc.samplerSeed(), STREAM, i);
    double h = tpe.bandwidth();
    double[] best = null;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < tpe.candidates(); c++) {
      double[] u = new double[dims.size()];
      double[] centre = good.isEmpty() ? null : good.get(rng.nextInt(good.size()));
      for (int d = 0; d < u.length; d++) {
        u[d] = centre == null ? rng.nextDouble() : reflect(centre[d] + h * rng.nextGaussian());
      }
      double ratio = density(u, good, h) / density(u, bad, h);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = u;
      }
    }
    return best;
  }

  /** (1 + Σ_c Π_d φ_h(u_d − c_d)) / (|C| + 1). */
  static double density(double[] u, List<double[]> centres, double h) {
    double norm = 1 / (h * StrictMath.sqrt(2 * Math.PI));
    double sum = 1;
    for (double[] c : centres) {
      double k = 1;
      for (int d = 0; d < u.length; d++) {
        double z = (u[d] - c[d]) / h;
        k *= norm * StrictMath.exp(-0.5 * z * z);
      }
      sum += k;
    }
    return sum / (centres.size() + 1);
  }

  /** x reflected into [0, 1): −x below 0, 2 − x above 1, repeated; 1 itself maps just below 1. */
  static double reflect(double x) {
    double y = x;
    while (y < 0 || y >= 1) {
      y = y < 0 ? -y : 2 - y;
      if (y == 1) {
        y = Math.nextDown(1.0);
      }
    }
    return y;
  }
}
