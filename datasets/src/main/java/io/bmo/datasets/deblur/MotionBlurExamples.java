package io.bmo.datasets.deblur;

import io.bmo.core.deconv.MotionKernels;
import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.imaging.GrayImage;
import java.io.Serializable;

/**
 * Training examples for non-blind deblurring: example {@code i} blurs its clean image with
 * {@code kernels.kernel(i)} and adds the noise of {@code degradation} for index i, so it depends only on (clean
 * image, kernel seed, noise seed, i) — never on partitioning or the order examples are made in.
 *
 * @param kernels the random motion kernels
 * @param degradation noise level and seed
 * @serial exclude
 */
public record MotionBlurExamples(MotionKernels kernels, BlurDegradation degradation) implements Serializable {
  /**
   * One example: the kernel the model is given and the observation it must deblur.
   *
   * @param kernel k
   * @param blurred y
   */
  public record Example(BlurKernel kernel, GrayImage blurred) {}

  /**
   * Checks that both parts are given.
   *
   * @param kernels the random motion kernels
   * @param degradation noise level and seed
   */
  public MotionBlurExamples {
    if (kernels == null || degradation == null) {
      throw new IllegalArgumentException("kernels and degradation must be given");
    }
  }

  /**
   * Example {@code index} of the clean image {@code clean}.
   *
   * @param clean x (not modified)
   * @param index example index: the kernel and the noise stream
   * @return the kernel and the observation
   */
  public Example example(GrayImage clean, long index) {
    BlurKernel k = kernels.kernel(index);
    return new Example(k, degradation.apply(clean, k, index));
  }
}
