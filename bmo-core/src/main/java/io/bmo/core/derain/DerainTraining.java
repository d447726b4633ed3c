package io.bmo.core.derain;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.CropTraining;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.util.Arrays;
import java.util.Map;

/**
 * Learned deraining trained by Algorithm 1, as a {@link ShardedProblem} on the engine's loop (single JVM or Spark,
 * the same bits). Example i is a C×C crop with seeded rain ({@link RainExamples}, from (seed, i) only); its loss is
 * {@link DerainStages}' ½‖y − B*‖²/C² (y = B_K, O − R_K, their learned blend or the gated background) through K
 * stages of streak prior + CNN background prior + data step, with the exact hypergradient in the stage parameters
 * (log τ_k, log σ_k, log η_k, log λ_k and, with a learned split, the data step's split logits b_k), the output logit,
 * the shared streak filters, when learned the network's weights (one network shared by the stages, or one per
 * stage), and the gate network's weights.
 *
 * <p>ω always holds the network's weights after the filters, so a run's ω is self-contained; when the network is
 * not learned their gradient is exactly zero and the optimizers leave them unchanged bit for bit.
 *
 * <p>Training uses the configured BMO aggregation μ (the upper step needs the clean crop); evaluation runs the same
 * stages with μ = 0, as at test time where no clean image exists, clamps to [0, 1] and reports PSNR (peak 1) of
 * y and of the rainy input.
 */
public final class DerainTraining extends CropTraining {
  private static final long serialVersionUID = 1L;

  private final ConvNetSpec spec;
  private final int stages;
  private final int filters;
  private final int filterSize;
  private final PnpDeblur.Aggregation training;
  private final boolean learnNetwork;
  private final boolean learnSplit;
  private final boolean stageNetworks;
  private final DerainStages.Output output;
  private final ConvNetSpec gateSpec;
  private final RainExamples train;
  private final RainExamples test;
  /** 0: the loss is ½ MSE; > 0: ½ log(MSE + floor) per example (each crop by its relative error). */
  private final double logLossFloor;
  /** Whether stage k's network runs on its input flipped by k mod 4 ({@link DerainStages}). */
  private final boolean flips;

  /** The even data step; {@code test} may be null (no test set). */
  public DerainTraining(ConvNetSpec spec, int stages, int filters, int filterSize, PnpDeblur.Aggregation training,
      boolean learnNetwork, int crop, RainExamples train, RainExamples test) {
    this(spec, stages, filters, filterSize, training, learnNetwork, false, false, DerainStages.Output.BACKGROUND,
        crop, train, test);
  }

  /**
   * @param learnSplit whether ω holds the data step's learned split ({@link DerainStages})
   * @param stageNetworks whether ω holds one network per stage ({@link DerainStages})
   * @param output the restored image the loss and the evaluation take ({@link DerainStages.Output})
   * @param test may be null (no test set)
   */
  public DerainTraining(ConvNetSpec spec, int stages, int filters, int filterSize, PnpDeblur.Aggregation training,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, DerainStages.Output output, int crop,
      RainExamples train, RainExamples test) {
    this(spec, stages, filters, filterSize, training, learnNetwork, learnSplit, stageNetworks, output, null, crop,
        train, test);
  }

  /**
   * @param output the restored image the loss and the evaluation take ({@link DerainStages.Output})
   * @param gateSpec the gate network of {@link DerainStages.Output#GATED} (with the second input channel), else null
   * @param test may be null (no test set)
   */
  public DerainTraining(ConvNetSpec spec, int stages, int filters, int filterSize, PnpDeblur.Aggregation training,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, DerainStages.Output output,
      ConvNetSpec gateSpec, int crop, RainExamples train, RainExamples test) {
    this(spec, stages, filters, filterSize, training, learnNetwork, learnSplit, stageNetworks, output, gateSpec, crop,
        train, test, 0.0);
  }

  /**
   * @param logLossFloor 0 for the loss ½ MSE of each example; f &gt; 0 for ½ log(MSE + f), whose gradient is the
   *     MSE's divided by MSE + f: every crop counts by its relative error, as in a mean of PSNRs, instead of the
   *     crops with the most error (the heaviest rain) dominating
   */
  public DerainTraining(ConvNetSpec spec, int stages, int filters, int filterSize, PnpDeblur.Aggregation training,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, DerainStages.Output output,
      ConvNetSpec gateSpec, int crop, RainExamples train, RainExamples test, double logLossFloor) {
    this(spec, stages, filters, filterSize, training, learnNetwork, learnSplit, stageNetworks, output, gateSpec, crop,
        train, test, logLossFloor, false);
  }

  /**
   * @param logLossFloor 0 for ½ MSE, f &gt; 0 for ½ log(MSE + f) (see the constructor above)
   * @param flips whether stage k's network runs on its input flipped by k mod 4, in training and at test time
   *     ({@link DerainStages})
   */
  public DerainTraining(ConvNetSpec spec, int stages, int filters, int filterSize, PnpDeblur.Aggregation training,
      boolean learnNetwork, boolean learnSplit, boolean stageNetworks, DerainStages.Output output,
      ConvNetSpec gateSpec, int crop, RainExamples train, RainExamples test, double logLossFloor, boolean flips) {
    super(crop, stages, train.images(), train.count(), test == null ? null : test.images(),
        test == null ? 0 : test.count());
    this.spec = spec;
    this.stages = stages;
    this.filters = filters;
    this.filterSize = filterSize;
    this.training = training;
    this.learnNetwork = learnNetwork;
    this.learnSplit = learnSplit;
    this.stageNetworks = stageNetworks;
    this.output = output;
    this.gateSpec = gateSpec;
    this.train = train;
    this.test = test;
    if (!(logLossFloor >= 0) || Double.isInfinite(logLossFloor)) {
      throw new IllegalArgumentException("logLossFloor must be finite and >= 0, got " + logLossFloor);
    }
    this.logLossFloor = logLossFloor;
    this.flips = flips;
  }

  @Override
  public ParamLayout layout() {
    ParamLayout.Builder b = ParamLayout.builder().add("log_tau", stages).add("log_sigma", stages)
        .add("log_eta", stages).add("log_lambda", stages);
    if (learnSplit) {
      b.add("split_logit", stages);
    }
    if (output == DerainStages.Output.BLEND || output == DerainStages.Output.GATED) {
      b.add("output_logit", 1);
    }
    b.add("filters", filters, filterSize * filterSize);
    if (!stageNetworks) {
      b.addAll(spec.layout());
    } else {
      for (int k = 1; k <= stages; k++) {
        for (ParamLayout.Block block : spec.layout().blocks()) {
          b.add("stage" + k + "." + block.name(), block.shape());
        }
      }
    }
    if (gateSpec != null) {
      for (ParamLayout.Block block : gateSpec.layout().blocks()) {
        b.add("gate." + block.name(), block.shape());
      }
    }
    return b.build();
  }

  /** The gate network's spec with the gated output, else null. */
  public ConvNetSpec gateSpec() {
    return gateSpec;
  }

  /** Whether ω holds one network per stage (blocks {@code stage<k>.layer<l>.weight}, …) instead of one shared. */
  public boolean stageNetworks() {
    return stageNetworks;
  }

  /** Whether stage k's network runs on its input flipped by k mod 4. */
  public boolean flips() {
    return flips;
  }

  /** The restored image the loss and the evaluation take. */
  public DerainStages.Output output() {
    return output;
  }

  /** Whether ω holds the data step's learned split. */
  public boolean learnsSplit() {
    return learnSplit;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    return DerainEvaluation.metrics(sum, testEval);
  }

  /** The stages with μ = 0 (test time) for images of {@code height × width}; no network gradient. */
  public DerainStages restorer(int height, int width) {
    return new DerainStages(new ConvDenoiser(spec, height, width, 1), stages, filters, filterSize,
        new PnpDeblur.Aggregation(0, training.upperStep(), training.alpha(), training.project()), false, learnSplit,
        stageNetworks, output, gate(height, width), flips);
  }

  private ConvDenoiser gate(int height, int width) {
    return gateSpec == null ? null : new ConvDenoiser(gateSpec, height, width, 1);
  }

  @Override
  public ShardTask newTask() {
    return new Task();
  }

  /** One thread's stage runners (training μ and μ = 0) and image buffers. */
  private final class Task implements ShardTask {
    private final DerainStages fit;
    private final DerainStages apply;
    private final double[] clean = new double[crop * crop];
    private final double[] rainy = new double[crop * crop];
    private final double[] out = new double[crop * crop];
    private final double[] stats = new double[PixelErrors.SIZE];
    /** One example's gradient of ½ MSE, scaled into the sum (log loss only). */
    private double[] exampleGrad;

    Task() {
      fit = new DerainStages(new ConvDenoiser(spec, crop, crop, 1), stages, filters, filterSize, training,
          learnNetwork, learnSplit, stageNetworks, output, gate(crop, crop), flips);
      apply = restorer(crop, crop);
    }

    @Override
    public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
      LossGradientSum sum = new LossGradientSum(omega.length, PixelErrors.SIZE);
      ShardPlan.Selection sel = plan.select(shard, batch);
      int pixels = crop * crop;
      double[] g = sum.gradSumBuffer();
      for (int e = sel.from(); e < sel.to(); e++) {
        train.example(sel.indices()[e], crop, clean, rainy);
        double half; // ½ MSE
        if (withGradient && logLossFloor == 0) {
          half = fit.lossAndGradient(omega, rainy, clean, g);
        } else if (withGradient) {
          // ∇ ½ log(MSE + f) = ∇ ½ MSE / (MSE + f): the example's own gradient, then scaled into the sum
          if (exampleGrad == null) {
            exampleGrad = new double[omega.length];
          }
          Arrays.fill(exampleGrad, 0.0);
          half = fit.lossAndGradient(omega, rainy, clean, exampleGrad);
          double w = 1.0 / (2 * half + logLossFloor);
          for (int i = 0; i < g.length; i++) {
            g[i] += w * exampleGrad[i];
          }
        } else {
          fit.forward(omega, rainy, clean, out, null);
          double sq = 0;
          for (int p = 0; p < pixels; p++) {
            double d = out[p] - clean[p];
            sq += d * d;
          }
          half = 0.5 * sq / pixels;
        }
        new PixelErrors(2 * half * pixels, pixels).writeTo(stats);
        sum.add(logLossFloor == 0 ? half : 0.5 * Math.log(2 * half + logLossFloor), null, stats, 1);
      }
      return sum;
    }

    @Override
    public double[][] evaluate(double[] omega, boolean isTest, ShardPlan plan, int shard, int[] settings) {
      RainExamples side = isTest ? test : train;
      double sq = 0;
      double px = 0;
      double in = 0;
      for (long i = plan.start(shard); i < plan.end(shard); i++) {
        side.example(i, crop, clean, rainy);
        apply.forward(omega, rainy, null, out, null);
        for (int p = 0; p < out.length; p++) {
          double d = Math.min(1.0, Math.max(0.0, out[p])) - clean[p];
          sq += d * d;
          double di = rainy[p] - clean[p];
          in += di * di;
        }
        px += out.length;
      }
      double[][] acc = new double[1][DerainEvaluation.SIZE];
      new DerainEvaluation(sq, px, in).addTo(acc[0]);
      return acc;
    }
  }
}
