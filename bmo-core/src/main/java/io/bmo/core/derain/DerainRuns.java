package io.bmo.core.derain;

import io.bmo.core.family.EngineSettings;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageRestoration;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Flips;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardedProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The deraining family's {@link FamilyRun}s: the learned stages and the classical baseline. Both report the test
 * PSNR of B (and of the rainy input) on the seeded test crops, and restore observed rainy images of any size for
 * {@code evaluate --pairs}: the learned stages with μ = 0 from (O, 0), their output y (B_K, O − R_K or the blend;
 * with {@code self-ensemble} > 1 its mean over flips of the image) clamped to [0, 1], with a trace of
 * (B_k, R_k) per stage when asked; the classical scheme with its tuned parameters.
 */
final class DerainRuns {
  private DerainRuns() {}

  /** Fields and plans common to both models. */
  private abstract static class Base implements FamilyRun {
    final ShardedProblem sharded;
    final EngineSettings engine;

    Base(ShardedProblem p, EngineSettings engine) {
      this.sharded = p;
      this.engine = engine;
    }

    @Override
    public ShardedProblem problem() {
      return sharded;
    }

    @Override
    public ShardPlan trainPlan() {
      return engine.plan(sharded.trainSize());
    }

    @Override
    public ShardPlan testPlan() {
      return sharded.testSize() == 0 ? null : engine.plan(sharded.testSize());
    }

    @Override
    public String progressMetric() {
      return sharded.testSize() > 0 ? "test_psnr_db" : "train_psnr_db";
    }

    @Override
    public Map<String, Object> evaluate(double[] omega) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (sharded.testSize() == 0) {
        return m;
      }
      double[][] sum = EngineSettings.evaluateHere(sharded, omega, engine.plan(sharded.testSize()), true, sharded.evalDepths());
      DerainEvaluation t = DerainEvaluation.of(sum[0]);
      m.put("test_psnr_db", t.psnr());
      m.put("test_input_psnr_db", t.inputPsnr());
      m.put("test_examples", sharded.testSize());
      return m;
    }

    @Override
    public boolean restoresObserved() {
      return true;
    }

    Map<String, Object> lastPsnr(ToDoubleFunction<String> last) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("train_psnr_db", last.applyAsDouble("train_psnr_db"));
      m.put("test_psnr_db", last.applyAsDouble("test_psnr_db"));
      m.put("test_input_psnr_db", last.applyAsDouble("test_input_psnr_db"));
      return m;
    }
  }

  static void clamp(double[] x) {
    for (int q = 0; q < x.length; q++) {
      x[q] = Math.min(1.0, Math.max(0.0, x[q]));
    }
  }

  /**
   * The stages' restored image of {@code o} ({@code height × width}) into {@code y}, averaged over the first
   * {@code ensemble} flips F_f of {@link Flips} (1: none; 2: and left–right; 4: and up–down, and both):
   * y = (1/E) Σ_f F_f S(F_f o), summed from the last flip down to f = 0, so the stages' trace afterwards is that of
   * the unflipped image. With 4 the result commutes with every flip (to rounding: the sum is taken in another order);
   * with 1 it is S(o) itself, bit for bit.
   */
  static void selfEnsemble(DerainStages d, double[] omega, double[] o, int height, int width, int ensemble,
      double[] y) {
    if (ensemble == 1) {
      d.forward(omega, o, null, y, null);
      return;
    }
    double[] in = new double[o.length];
    double[] out = new double[o.length];
    double[] back = new double[o.length];
    Arrays.fill(y, 0.0);
    for (int f = ensemble - 1; f >= 0; f--) {
      Flips.apply(f, o, in, height, width);
      d.forward(omega, in, null, out, null);
      Flips.apply(f, out, back, height, width);
      for (int q = 0; q < y.length; q++) {
        y[q] += back[q];
      }
    }
    for (int q = 0; q < y.length; q++) {
      y[q] /= ensemble;
    }
  }

  static FamilyRun learned(DerainTraining p, int stages, double[] w0, ConvNetSpec spec, boolean learn,
      String denoiserRun, int ensemble, EngineSettings engine) {
    return new Base(p, engine) {
      @Override
      public double[] initialOmega() {
        return w0.clone();
      }

      @Override
      public Map<String, Object> manifestFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "learned");
        int networks = p.stageNetworks() ? stages : 1;
        m.put("network_parameters", networks * spec.parameterCount());
        if (networks > 1) {
          m.put("stage_networks", networks);
        }
        if (p.output() != DerainStages.Output.BACKGROUND) {
          m.put("output", p.output().key());
        }
        if (p.gateSpec() != null) {
          m.put("gate_parameters", p.gateSpec().parameterCount());
        }
        if (p.flips()) {
          m.put("stage_flips", true);
        }
        if (ensemble > 1) {
          m.put("self_ensemble", ensemble);
        }
        m.put("learned_network", learn);
        m.put("denoiser_run", denoiserRun);
        return m;
      }

      @Override
      public ImageRestoration.Restored restoreObserved(double[] omega, FamilyConfig.Image o, boolean trace) {
        DerainStages d = p.restorer(o.height(), o.width());
        double[] b = new double[o.pixels().length];
        selfEnsemble(d, omega, o.pixels(), o.height(), o.width(), ensemble, b);
        clamp(b);
        List<List<double[]>> rows = new ArrayList<>();
        if (trace) {
          List<double[]> bs = new ArrayList<>();
          List<double[]> rs = new ArrayList<>();
          for (int k = 1; k <= stages; k++) {
            bs.add(d.stage(k)[0].clone());
            rs.add(d.stage(k)[1].clone());
          }
          rows.add(bs);
          rows.add(rs);
        }
        return new ImageRestoration.Restored(b, rows);
      }

      @Override
      public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> last) {
        Map<String, Object> m = lastPsnr(last);
        double[] tau = new double[stages];
        double[] sigma = new double[stages];
        double[] eta = new double[stages];
        double[] lambda = new double[stages];
        for (int k = 0; k < stages; k++) {
          tau[k] = Math.exp(omega[k]);
          sigma[k] = 255 * Math.exp(omega[stages + k]);
          eta[k] = Math.exp(omega[2 * stages + k]);
          lambda[k] = Math.exp(omega[3 * stages + k]);
        }
        m.put("tau", tau);
        m.put("sigma_255", sigma);
        m.put("eta", eta);
        m.put("lambda", lambda);
        if (p.learnsSplit()) {
          int at = p.layout().offset("split_logit");
          double[] beta = new double[stages];
          for (int k = 0; k < stages; k++) {
            beta[k] = DerainStages.share(omega[at + k]);
          }
          m.put("split", beta);
        }
        if (p.output() == DerainStages.Output.BLEND) {
          m.put("output_weight", DerainStages.share(omega[p.layout().offset("output_logit")]));
        }
        if (p.output() == DerainStages.Output.GATED) {
          m.put("gate_logit", omega[p.layout().offset("output_logit")]);
        }
        return m;
      }
    };
  }

  static FamilyRun classical(ClassicalTraining p, int gridExamples, EngineSettings engine) {
    return new Base(p, engine) {
      private double[] tuned;

      /** The grid search runs once per run, on the driver, when ω₀ is first asked for. */
      @Override
      public synchronized double[] initialOmega() {
        if (tuned == null) {
          tuned = p.tune(gridExamples);
        }
        return tuned.clone();
      }

      @Override
      public Map<String, Object> manifestFields() {
        return Map.of("model", "classical");
      }

      @Override
      public ImageRestoration.Restored restoreObserved(double[] omega, FamilyConfig.Image o, boolean trace) {
        double[] b = new double[o.pixels().length];
        p.derainer(omega).derain(o.pixels(), o.height(), o.width(), b, new double[b.length]);
        clamp(b);
        return new ImageRestoration.Restored(b, List.of());
      }

      @Override
      public Map<String, Object> resultFields(double[] omega, ToDoubleFunction<String> last) {
        Map<String, Object> m = lastPsnr(last);
        m.put("alpha", omega[0]);
        m.put("tau", omega[1]);
        m.put("eta", omega[2]);
        m.put("lambda", omega[3]);
        return m;
      }
    };
  }
}
