package io.bmo.core.denoiser;

import io.bmo.core.denoiser.DenoiserTraining.ImageBank;
import io.bmo.core.train.ShardedProblem;

/**
 * What the families that learn on seeded crops of an {@link ImageBank} share as a {@link ShardedProblem}: the crop side
 * checked against every image, the sizes of the training and test sets, one evaluation setting (the stage count) and
 * no training-set evaluation (the training PSNR comes from the step's own sums).
 */
public abstract class CropTraining implements ShardedProblem {
  private static final long serialVersionUID = 1L;
  /** Crop side in pixels. */
  protected final int crop;
  private final long trainCount;
  private final long testCount;
  private final int evalSetting;

  /**
   * @param evalSetting the setting every evaluation runs at (e.g. the number of stages)
   * @param test the test images, or null (no test set; testCount is then ignored)
   * @throws IllegalArgumentException when the crop does not fit every image
   */
  protected CropTraining(int crop, int evalSetting, ImageBank train, long trainCount, ImageBank test,
      long testCount) {
    if (crop < 1 || crop > train.minSide() || (test != null && crop > test.minSide())) {
      throw new IllegalArgumentException("crop " + crop + " does not fit the images");
    }
    this.crop = crop;
    this.evalSetting = evalSetting;
    this.trainCount = trainCount;
    this.testCount = test == null ? 0 : testCount;
  }

  @Override
  public final long trainSize() {
    return trainCount;
  }

  @Override
  public final long testSize() {
    return testCount;
  }

  @Override
  public final int[] evalDepths() {
    return new int[] {evalSetting};
  }

  @Override
  public final boolean needsTrainEvaluation() {
    return false;
  }
}
