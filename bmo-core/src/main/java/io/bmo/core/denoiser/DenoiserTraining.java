package io.bmo.core.denoiser;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.PixelErrors;
import io.bmo.core.nn.ConvDenoiser;
import io.bmo.core.nn.ConvNetSpec;
import io.bmo.core.nn.ConvTape;
import io.bmo.core.param.ParamLayout;
import io.bmo.core.random.SeededRandom;
import io.bmo.core.train.ShardPlan;
import io.bmo.core.train.ShardTask;
import io.bmo.core.train.ShardedProblem;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gaussian-denoiser pretraining as a {@link ShardedProblem}, so it runs on the same loop as every bilevel problem
 * (single JVM or Spark, the same bits): ω = the network's parameters, example i = a P×P patch of one training image
 * with noise of level σ_i, all drawn from (seed, i) only; loss ½‖D(x + σ_i n; σ_i) − x‖² / P² per example, times
 * w_i = s²/(σ_i² + s²) when a weighting level s &gt; 0 is set. Unweighted, the squared error grows like σ², so the
 * highest levels dominate the loss and the network is weakest at low σ, where the last plug-and-play stages use it;
 * w_i makes the loss's scale roughly flat in σ above s (every level counts by its relative error) and leaves levels
 * below s as they were.
 *
 * <p>Evaluation: settings are noise levels in units of 1/255 (e.g. 15, 25, 50); for each, the test patches (drawn
 * from (test seed, i)) give Σ squared error and pixel count, from which {@link #metrics} reports PSNR in dB (peak 1).
 */
public final class DenoiserTraining implements ShardedProblem {
  private static final long serialVersionUID = 1L;

  /** Gray images in [0, 1], row-major, image j of size heights[j] × widths[j]. */
  public record ImageBank(double[][] images, int[] heights, int[] widths) implements Serializable {
    public ImageBank {
      if (images.length == 0 || heights.length != images.length || widths.length != images.length) {
        throw new IllegalArgumentException("an image bank needs at least one image and a size per image");
      }
      for (int j = 0; j < images.length; j++) {
        if (images[j].length != heights[j] * widths[j]) {
          throw new IllegalArgumentException("image " + j + " must have " + heights[j] + "x" + widths[j] + " pixels");
        }
      }
    }

    /** The smallest height and width over the bank. */
    public int minSide() {
      int m = Integer.MAX_VALUE;
      for (int j = 0; j < images.length; j++) {
        m = Math.min(m, Math.min(heights[j], widths[j]));
      }
      return m;
    }

    /**
     * Copies a {@code side × side} crop (row-major) of one image into {@code out}: the image, then the top row, then
     * the left column drawn from {@code r} in that order (uniform over the bank and over the positions that fit).
     * Modified: out, r.
     */
    public void crop(SeededRandom r, int side, double[] out) {
      int j = r.nextInt(images.length);
      double[] im = images[j];
      int width = widths[j];
      int r0 = r.nextInt(heights[j] - side + 1);
      int c0 = r.nextInt(width - side + 1);
      for (int a = 0; a < side; a++) {
        System.arraycopy(im, (r0 + a) * width + c0, out, a * side, side);
      }
    }
  }

  private final ConvNetSpec spec;
  private final ImageBank train;
  private final ImageBank test;
  private final int patch;
  private final long trainCount;
  private final long testCount;
  private final double sigmaMin;
  private final double sigmaMax;
  private final double weightSigma;
  private final long seed;
  private final long testSeed;
  private final int[] testLevels;

  /**
   * @param test may be null (no test set)
   * @param sigmaMin σ range of the training noise (intensities in [0, 1]); σ_i is uniform in it
   * @param weightSigma the weighting level s (intensities in [0, 1]); 0 = every example's loss unweighted
   * @param testLevels noise levels of the test metrics in units of 1/255
   */
  public DenoiserTraining(ConvNetSpec spec, ImageBank train, ImageBank test, int patch, long trainCount,
      long testCount, double sigmaMin, double sigmaMax, double weightSigma, long seed, long testSeed,
      int[] testLevels) {
    if (patch < 1 || patch > train.minSide() || (test != null && patch > test.minSide())) {
      throw new IllegalArgumentException("patch " + patch + " does not fit the images");
    }
    if (!(sigmaMin >= 0 && sigmaMin <= sigmaMax)) {
      throw new IllegalArgumentException("need 0 <= sigma-min <= sigma-max, got " + sigmaMin + ", " + sigmaMax);
    }
    if (!(weightSigma >= 0 && Double.isFinite(weightSigma))) {
      throw new IllegalArgumentException("need a finite weighting level >= 0, got " + weightSigma);
    }
    this.spec = spec;
    this.train = train;
    this.test = test;
    this.patch = patch;
    this.trainCount = trainCount;
    this.testCount = test == null ? 0 : testCount;
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.weightSigma = weightSigma;
    this.seed = seed;
    this.testSeed = testSeed;
    this.testLevels = testLevels.clone();
  }

  @Override
  public ParamLayout layout() {
    return spec.layout();
  }

  @Override
  public long trainSize() {
    return trainCount;
  }

  @Override
  public long testSize() {
    return testCount;
  }

  @Override
  public int[] evalDepths() {
    return testLevels.clone();
  }

  @Override
  public boolean needsTrainEvaluation() {
    return false;
  }

  @Override
  public Map<String, Double> metrics(LossGradientSum train, double[][] trainEval, double[][] testEval) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_psnr_db", PixelErrors.of(train.stats()).psnr());
    for (int s = 0; s < testLevels.length; s++) {
      m.put("test_psnr_db_" + testLevels[s], testEval == null ? Double.NaN : PixelErrors.of(testEval[s]).psnr());
    }
    return m;
  }

  /**
   * Fills patch i of a bank (image, position and, when {@code sigma} is negative, σ from (setSeed, i)) into
   * {@code clean} and its noisy version into {@code noisy} at offset {@code off}; returns σ.
   */
  double example(ImageBank bank, long setSeed, long i, double sigma, double[] clean, double[] noisy, int off) {
    SplittableRandom r = new SplittableRandom(setSeed * 0x9E3779B97F4A7C15L + i);
    int j = r.nextInt(bank.images().length);
    double[] im = bank.images()[j];
    int width = bank.widths()[j];
    int r0 = r.nextInt(bank.heights()[j] - patch + 1);
    int c0 = r.nextInt(width - patch + 1);
    double s = sigma >= 0 ? sigma : sigmaMin + (sigmaMax - sigmaMin) * r.nextDouble();
    for (int a = 0; a < patch; a++) {
      for (int b = 0; b < patch; b++) {
        double x = im[(r0 + a) * width + c0 + b];
        clean[off + a * patch + b] = x;
        noisy[off + a * patch + b] = x + s * gaussian(r);
      }
    }
    return s;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Override
  public ShardTask newTask() {
    return new Task();
  }

  /** One thread's network, tape and block buffers (sized on first use for the plan's block size). */
  private final class Task implements ShardTask {
    private ConvDenoiser net;
    private ConvTape tape;
    private double[] clean;
    private double[] noisy;
    private double[] out;
    private double[] sigmas;

    private void ensure(int block) {
      if (net == null || net.maxImages() < block) {
        net = new ConvDenoiser(spec, patch, patch, block);
        tape = net.newTape();
        clean = new double[block * patch * patch];
        noisy = new double[block * patch * patch];
        out = new double[block * patch * patch];
        sigmas = new double[block];
      }
    }

    @Override
    public LossGradientSum train(double[] omega, ShardPlan plan, int shard, long[] batch, boolean withGradient) {
      ensure(plan.blockSize());
      LossGradientSum sum = new LossGradientSum(omega.length, PixelErrors.SIZE);
      ShardPlan.Selection sel = plan.select(shard, batch);
      int pp = patch * patch;
      double[] stats = new double[PixelErrors.SIZE];
      for (int j = sel.from(); j < sel.to(); j += plan.blockSize()) {
        int n = Math.min(plan.blockSize(), sel.to() - j);
        for (int e = 0; e < n; e++) {
          sigmas[e] = example(train, seed, sel.indices()[j + e], -1, clean, noisy, e * pp);
        }
        net.forward(omega, noisy, sigmas, n, out, tape);
        double sq = 0;
        double loss;
        if (weightSigma == 0) {
          for (int p = 0; p < n * pp; p++) {
            double d = out[p] - clean[p];
            sq += d * d;
            out[p] = d / pp; // the cotangent ∂ℓ/∂D, in place
          }
          loss = 0.5 * sq / pp;
        } else {
          loss = 0;
          double s2 = weightSigma * weightSigma;
          for (int e = 0; e < n; e++) {
            double w = s2 / (sigmas[e] * sigmas[e] + s2);
            double sqe = 0;
            for (int p = e * pp; p < (e + 1) * pp; p++) {
              double d = out[p] - clean[p];
              sqe += d * d;
              out[p] = w * d / pp;
            }
            sq += sqe;
            loss += 0.5 * w * sqe / pp;
          }
        }
        if (withGradient) {
          net.vjp(omega, tape, out, null, null, sum.gradSumBuffer());
        }
        new PixelErrors(sq, (double) n * pp).writeTo(stats);
        sum.add(loss, null, stats, n);
      }
      return sum;
    }

    @Override
    public double[][] evaluate(double[] omega, boolean isTest, ShardPlan plan, int shard, int[] levels) {
      ensure(plan.blockSize());
      ImageBank bank = isTest ? test : train;
      long setSeed = isTest ? testSeed : seed;
      int pp = patch * patch;
      double[][] acc = new double[levels.length][];
      for (int s = 0; s < levels.length; s++) {
        double sq = 0;
        double px = 0;
        for (long i = plan.start(shard); i < plan.end(shard); i += plan.blockSize()) {
          int n = (int) Math.min(plan.blockSize(), plan.end(shard) - i);
          for (int e = 0; e < n; e++) {
            sigmas[e] = example(bank, setSeed, i + e, levels[s] / 255.0, clean, noisy, e * pp);
          }
          net.apply(omega, noisy, sigmas, n, out);
          for (int p = 0; p < n * pp; p++) {
            double d = Math.min(1.0, Math.max(0.0, out[p])) - clean[p];
            sq += d * d;
          }
          px += (double) n * pp;
        }
        acc[s] = new double[PixelErrors.SIZE];
        new PixelErrors(sq, px).writeTo(acc[s]);
      }
      return acc;
    }
  }
}
