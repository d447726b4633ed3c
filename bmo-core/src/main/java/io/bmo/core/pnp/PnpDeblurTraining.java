package io.bmo.core.pnp;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.deconv.BlurSpectrum;
import io.bmo.core.deconv.CircularBlur;
import io.bmo.core.deconv.DeblurDataStep;
import io.bmo.core.deconv.MotionKernels;
import io.bmo.core.deconv.PnpDeblur;
import io.bmo.core.denoiser.CropTraining;
import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.Flips;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.random.SeededRandom;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plug-and-play deblurring trained by Algorithm 1, as a {@link ShardedProblem} on the engine's loop (single JVM or
 * Spark, the same bits). Example i is a C×C crop of a training image, blurred circularly by seeded motion kernel i
 * ({@link MotionKernels}, so the test kernels of a benchmark are never seen) with Gaussian noise σ, all drawn from
 * (seed, i) only; its loss is {@link PnpDeblur}'s ½‖u_K − x*‖²/C² through K stages of data step + CNN denoiser, with
 * the exact hypergradient in the stage parameters (log ρ_k, log σ_k) and, when learned, the network's weights.
 *
 * <p>ω always holds the network's weights after the 2K stage parameters, so a run's ω is self-contained (evaluation
 * needs nothing else); when the network is not learned their gradient is exactly zero and the optimizers leave them
 * unchanged bit for bit.
 *
 * <p>Training uses the configured BMO aggregation μ (the upper step needs the clean crop); evaluation runs the same
 * stages with μ = 0, as at test time where no clean image exists, clamps to [0, 1] and reports PSNR (peak 1).
 *
 * <p>Draws: crop of example i from {@link SeededRandom} (seed, {@link #CROP_STREAM}, i): image index, then row and
 * column; noise from (seed, {@link #NOISE_STREAM}, i) in pixel order; kernel i of the kernel generator.
 */
public final class PnpDeblurTraining extends CropTraining {
  private static final long serialVersionUID = 1L;
  /** {@link SeededRandom} stream of the crops. */
  public static final long CROP_STREAM = 21;
  /** {@link SeededRandom} stream of the observation noise (the same stream as the datasets' blur degradation). */
  public static final long NOISE_STREAM = 13;

  /** One side of the data: images, how many examples, and the seeds of crops/noise and of kernels. */
  public record Examples(ImageBank images, long count, long seed, MotionKernels kernels)
      implements java.io.Serializable {}

  private final ConvNetSpec spec;
  private final int stages;
  private final PnpDeblur.Aggregation training;
  private final boolean learnNetwork;
  private final boolean flips;
  private final double noise;
  private final Examples train;
  private final Examples test;

  /**
   * @param flips whether stage k denoises the image flipped by k mod 4 ({@link PnpDeblur})
   * @param noise σ of the observation noise (intensities in [0, 1])
   * @param test may be null (no test set)
   */
  public PnpDeblurTraining(ConvNetSpec spec, int stages, PnpDeblur.Aggregation training, boolean learnNetwork,
      boolean flips, int crop, double noise, Examples train, Examples test) {
    super(crop, stages, train.images(), train.count(), test == null ? null : test.images(),
        test == null ? 0 : test.count());
    this.spec = spec;
    this.stages = stages;
    this.training = training;
    this.learnNetwork = learnNetwork;
    this.flips = flips;
    this.noise = noise;
    this.train = train;
    this.test = test;
  }

  @Override
  public ParamLayout layout() {
    return ParamLayout.builder().add("log_rho", stages).add("log_sigma", stages).addAll(spec.layout()).build();
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum sum, double[][] trainEval, double[][] testEval) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_psnr_db", PixelErrors.of(sum.statsBuffer()).psnr());
    m.put("test_psnr_db", testEval == null ? Double.NaN : PixelErrors.of(testEval[0]).psnr());
    return m;
  }

  /** Fills the clean crop and the observation of example i of {@code side}; returns its kernel. */
  BlurKernel example(Examples side, long i, double[] clean, double[] y) {
    side.images().crop(new SeededRandom(side.seed(), CROP_STREAM, i), crop, clean);
    BlurKernel k = side.kernels().kernel(i);
    new CircularBlur(new BlurSpectrum(k, new ImageShape(crop, crop))).apply(clean, y);
    SeededRandom n = new SeededRandom(side.seed(), NOISE_STREAM, i);
    for (int p = 0; p < y.length; p++) {
      y[p] += noise * n.nextGaussian();
    }
    return k;
  }

  @Override
  public ShardTask newTask() {
    return new Task();
  }

  /** The stages and network of ω for {@link PnpDeblur}'s layout: ω itself when learned, else its stage part. */
  private double[] stagePart(double[] omega) {
    return learnNetwork ? omega : java.util.Arrays.copyOf(omega, 2 * stages);
  }

  /** The network's weights in ω. */
  double[] network(double[] omega) {
    return java.util.Arrays.copyOfRange(omega, 2 * stages, omega.length);
  }

  /** PnpDeblur with μ = 0 (test time) for images of {@code height × width}. */
  PnpDeblur restorer(int height, int width) {
    return new PnpDeblur(new ConvDenoiser(spec, height, width, 1), stages, new PnpDeblur.Aggregation(0,
        training.upperStep(), training.alpha(), training.project()), false, flips);
  }

  int stages() {
    return stages;
  }

  /**
   * Deblurs one {@code height × width} observation {@code y} of the circular blur by {@code kernel} with the stages at
   * μ = 0, as the mean over the first {@code ensemble} symmetries of the problem: for each flip F (none, left–right,
   * up–down, both), and with 8 also each flip of the transposed problem, the stages restore the transformed
   * observation under the transformed kernel ({@link BlurKernel#flipped}, {@link BlurKernel#transposed}, so that it
   * is the blur of the transformed image), and the result is transformed back. One pass (ensemble 1) is the stages'
   * output itself.
   *
   * @param ensemble 1, 2, 4 or 8
   * @param out the restored image. Modified.
   */
  void restore(double[] omega, BlurKernel kernel, double[] y, int height, int width, int ensemble, double[] out) {
    if (ensemble != 1 && ensemble != 2 && ensemble != Flips.COUNT && ensemble != 2 * Flips.COUNT) {
      throw new IllegalArgumentException("self-ensemble must be 1, 2, 4 or 8, got " + ensemble);
    }
    double[] stageParams = java.util.Arrays.copyOf(omega, 2 * stages);
    double[] theta = network(omega);
    if (ensemble == 1) {
      restorer(height, width).forward(stageParams, theta, new DeblurDataStep(new BlurSpectrum(kernel,
          new ImageShape(height, width))), y, null, out);
      return;
    }
    double[] yt = new double[y.length];
    double[] in = new double[y.length];
    double[] pass = new double[y.length];
    double[] back = new double[y.length];
    java.util.Arrays.fill(out, 0, y.length, 0.0);
    int flips = Math.min(ensemble, Flips.COUNT);
    for (boolean t : ensemble > Flips.COUNT ? new boolean[] {false, true} : new boolean[] {false}) {
      int h = t ? width : height; // the transposed problem is width × height
      int w = t ? height : width;
      BlurKernel k = t ? kernel.transposed() : kernel;
      double[] src = y;
      if (t) {
        Flips.transpose(y, yt, height, width);
        src = yt;
      }
      PnpDeblur d = restorer(h, w);
      for (int f = 0; f < flips; f++) {
        Flips.apply(f, src, in, h, w);
        d.forward(stageParams, theta, new DeblurDataStep(new BlurSpectrum(k.flipped(f), new ImageShape(h, w))), in,
            null, pass);
        if (t) {
          Flips.apply(f, pass, in, h, w);
          Flips.transpose(in, back, h, w);
        } else {
          Flips.apply(f, pass, back, h, w);
        }
        for (int q = 0; q < y.length; q++) {
          out[q] += back[q];
        }
      }
    }
    for (int q = 0; q < y.length; q++) {
      out[q] /= ensemble;
    }
  }

  /** One thread's stage runners (training μ and μ = 0) and image buffers. */
  private final class Task implements ShardTask {
    private final PnpDeblur fit;
    private final PnpDeblur apply;
    private final double[] clean = new double[crop * crop];
    private final double[] y = new double[crop * crop];
    private final double[] out = new double[crop * crop];
    private final double[] stats = new double[PixelErrors.SIZE];

    Task() {
      fit = new PnpDeblur(new ConvDenoiser(spec, crop, crop, 1), stages, training, learnNetwork, flips);
      apply = restorer(crop, crop);
    }

    @Override
    public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
      LossGradientSum sum = new LossGradientSum(omega.length, PixelErrors.SIZE);
      ShardPlan.Selection sel = plan.select(shard, batch);
      int pixels = crop * crop;
      double[] w = stagePart(omega);
      double[] theta = network(omega);
      // Not learned: the network's gradient stays exactly 0 (PnpDeblur adds only the stage part).
      double[] g = learnNetwork ? sum.gradSumBuffer() : new double[2 * stages];
      for (int e = sel.from(); e < sel.to(); e++) {
        BlurKernel k = example(train, sel.indices()[e], clean, y);
        DeblurDataStep step = new DeblurDataStep(new BlurSpectrum(k, new ImageShape(crop, crop)));
        double loss;
        if (withGradient) {
          loss = fit.lossAndGradient(w, theta, step, y, clean, g);
        } else {
          fit.forward(w, theta, step, y, clean, out);
          double sq = 0;
          for (int p = 0; p < pixels; p++) {
            double d = out[p] - clean[p];
            sq += d * d;
          }
          loss = 0.5 * sq / pixels;
        }
        new PixelErrors(2 * loss * pixels, pixels).writeTo(stats);
        sum.add(loss, null, stats, 1);
      }
      if (!learnNetwork) {
        System.arraycopy(g, 0, sum.gradSumBuffer(), 0, g.length);
      }
      return sum;
    }

    @Override
    public double[][] evaluate(double[] omega, boolean isTest, ShardPlan plan, int shard, int[] settings) {
      Examples side = isTest ? test : train;
      double[] w = java.util.Arrays.copyOf(omega, 2 * stages);
      double[] theta = network(omega);
      double sq = 0;
      double px = 0;
      for (long i = plan.start(shard); i < plan.end(shard); i++) {
        BlurKernel k = example(side, i, clean, y);
        apply.forward(w, theta, new DeblurDataStep(new BlurSpectrum(k, new ImageShape(crop, crop))), y,
            null, out);
        for (int p = 0; p < out.length; p++) {
          double d = Math.min(1.0, Math.max(0.0, out[p])) - clean[p];
          sq += d * d;
        }
        px += out.length;
      }
      double[][] acc = new double[1][PixelErrors.SIZE];
      new PixelErrors(sq, px).writeTo(acc[0]);
      return acc;
    }
  }
}
