package io.bmo.core.imaging;

import io.bmo.core.family.FamilyConfig;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.optim.ParamConstraint;
import io.bmo.core.param.ParamLayout;
import java.io.Serializable;

/**
 * A {@code denoise | deblur} problem trained on image pairs that the caller holds (e.g. the rows of a table)
 * instead of image files: the same keys, lower level, hypergradient, ω₀ and projection as a {@code train} run of
 * {@link ImagingFamily}, so that on the same pairs in the same order the training sums have the same bits.
 *
 * <p>Observations the caller does not have are made as {@code train} makes them from image files: example i is
 * degraded by {@link #degradation()} ({@code y = K x* + σ n}, noise from ({@code data.seed}, i)).
 */
public final class PairTraining implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ImagingSettings settings;
  private final ForwardModel forward;

  private PairTraining(ImagingSettings settings, ForwardModel forward) {
    this.settings = settings;
    this.forward = forward;
  }

  /**
   * Reads and validates the keys of {@code data} (noise, seeds) and {@code imaging}.
   *
   * @param c rooted at the top of the config (full keys); image-file keys are not read
   * @param deblur whether K is a blur ({@code problem = deblur})
   * @param kernel the blur kernel to use instead of {@code imaging.blur.*}, or null (deblur only)
   * @throws FamilyConfigException naming the key, for any bad value
   */
  public static PairTraining of(FamilyConfig c, boolean deblur, FamilyConfig.Matrix kernel) {
    ImagingSettings s = ImagingSettings.from(c, deblur);
    ForwardModel k;
    if (!deblur) {
      k = new ForwardModel.Identity();
    } else if (kernel != null) {
      k = FamilyConfigException.wrap("imaging.blur.kernel",
          () -> new ForwardModel.Kernel(kernel.rows(), kernel.cols(), kernel.data()));
    } else if (s.blurKernel().equals("gaussian")) {
      k = new ForwardModel.GaussianBlur(s.blurSize(), s.blurSigma());
    } else {
      throw new FamilyConfigException("imaging.blur.kernel", "a kernel file is not read here; pass the kernel");
    }
    return new PairTraining(s, k);
  }

  /** K. */
  public ForwardModel forward() {
    return forward;
  }

  /** Layout of ω (the regularizer's θ). */
  public ParamLayout layout() {
    return settings.regularizer().layout();
  }

  /** ω₀, a fresh array. */
  public double[] initialTheta() {
    return settings.regularizer().initialTheta();
  }

  /** The projection after each optimizer step (e.g. zero-mean FoE filters). */
  public ParamConstraint projection() {
    return settings.regularizer()::project;
  }

  /** The training degradation: K, σ = {@code data.noise-sigma}, noise from ({@code data.seed}, i). */
  public Degradation degradation() {
    return new Degradation(forward, settings.noiseSigma(), SyntheticImageSource.noiseSeed(settings.seed()));
  }

  /**
   * The sharded problem over {@code train} (no test set).
   *
   * @param blockSize largest block a task will see
   */
  public ImagingShards shards(ImageSource train, int blockSize) {
    return new ImagingShards(settings.core(forward), train, null, settings.tolerances(), settings.evalTolerance(),
        blockSize);
  }

  /**
   * Restores one observation with the learned lower level: {@code x̂ = argmin_x E(x; θ)}, FISTA from y, stopped at
   * {@code imaging.lower.eval-tol · √(pixels / trainPixels)} (the gradient norm grows like √pixels at the same
   * per-pixel accuracy), as {@code evaluate} does for whole images.
   *
   * @param theta learned θ (not modified)
   * @param shape the observation's shape
   * @param observed y (not modified)
   * @param trainPixels pixels of a training image
   * @return x̂, a new array
   */
  public double[] restore(double[] theta, ImageShape shape, double[] observed, int trainPixels) {
    ImagingProblem p = new ImagingProblem(settings.core(forward), shape, 1);
    double[] x = observed.clone();
    p.solveLower(theta, observed, 1, settings.evalTolerance() * Math.sqrt(shape.pixels() / (double) trainPixels), x);
    return x;
  }
}
