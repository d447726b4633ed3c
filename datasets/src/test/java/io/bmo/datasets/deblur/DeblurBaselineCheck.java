package io.bmo.datasets.deblur;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.image.Gray8;
import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.deconv.BlurSpectrum;
import io.bmo.core.deconv.TikhonovDeconvolution;
import io.bmo.core.deconv.TikhonovDeconvolution.Prior;
import io.bmo.core.imaging.GrayImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A by-hand check of the deblurring protocol on real data, not a unit test: its name does not match the test
 * pattern, so {@code mvn verify} does not run it, and it is skipped unless the data directory is given:
 * <pre>
 *   mvn -o -q -pl bmo-core,datasets test -Dtest=DeblurBaselineCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dbmo.deblur.data=DIR
 * </pre>
 * DIR holds {@code set3c/*.png} (test images) and {@code kernels/levin09/kernel_<n>.npy} (blur kernels).
 *
 * <p>Protocol: each image read as 8-bit BT.601 gray, blurred circularly by each kernel, Gaussian noise σ ∈
 * {2.55/255, 7.65/255} from {@link BlurDegradation} with seed {@link #NOISE_SEED} and example index
 * {@code image · kernels + kernel}; deconvolved by {@link TikhonovDeconvolution} (identity prior = Wiener with a
 * constant noise-to-signal ratio, and gradient prior) with λ chosen on the truth (oracle): per (image, kernel), and
 * one λ per image for all its kernels. PSNR of the 8-bit rounded result, mean over kernels. Prints one table.
 */
class DeblurBaselineCheck {
  static final String DATA_PROPERTY = "bmo.deblur.data";
  static final long NOISE_SEED = 0;
  static final double[] SIGMAS = {2.55 / 255, 7.65 / 255};
  /** Coarse grid of log₁₀ λ, then a fine grid around the best coarse point. */
  static final double LOG_MIN = -6;
  static final double LOG_MAX = 0;
  static final double COARSE = 0.1;
  static final double FINE = 0.02;

  @Test
  void oracleTikhonovOnTheProtocol() throws IOException {
    String data = System.getProperty(DATA_PROPERTY);
    Assumptions.assumeTrue(data != null && !data.isEmpty(), "set -D" + DATA_PROPERTY + "=DIR to run this check");
    Path root = Path.of(data);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root.resolve("set3c"), "*.png")) {
      s.forEach(files::add);
    }
    files.sort(null);
    List<BlurKernel> kernels = KernelFiles.readDirectory(root.resolve("kernels").resolve("levin09"));
    int coarse = (int) Math.round((LOG_MAX - LOG_MIN) / COARSE) + 1;
    System.out.printf(Locale.ROOT, "%-14s %6s %-9s %8s %13s %13s%n", "image", "sigma", "prior", "blurred",
        "oracle/pair", "oracle/image");
    for (double sigma : SIGMAS) {
      for (int im = 0; im < files.size(); im++) {
        GrayImage truth = Gray8.readGray8(files.get(im));
        BlurDegradation noise = new BlurDegradation(sigma, NOISE_SEED);
        double blurredMean = 0;
        double[][] pairBest = new double[Prior.values().length][kernels.size()];
        double[][][] curve = new double[Prior.values().length][kernels.size()][coarse];
        for (int kn = 0; kn < kernels.size(); kn++) {
          BlurSpectrum spectrum = new BlurSpectrum(kernels.get(kn), truth.shape());
          GrayImage y = noise.apply(truth, kernels.get(kn), (long) im * kernels.size() + kn);
          blurredMean += Gray8.psnr8(y, truth) / kernels.size();
          for (Prior prior : Prior.values()) {
            TikhonovDeconvolution t = new TikhonovDeconvolution(spectrum, prior);
            t.setObservation(y.pixels());
            double best = Double.NEGATIVE_INFINITY;
            int bestAt = 0;
            for (int g = 0; g < coarse; g++) {
              double psnr = psnr(t, LOG_MIN + g * COARSE, truth);
              curve[prior.ordinal()][kn][g] = psnr;
              if (psnr > best) {
                best = psnr;
                bestAt = g;
              }
            }
            double centre = LOG_MIN + bestAt * COARSE;
            for (double l = centre - COARSE + FINE; l < centre + COARSE - FINE / 2; l += FINE) {
              best = Math.max(best, psnr(t, l, truth));
            }
            pairBest[prior.ordinal()][kn] = best;
          }
        }
        for (Prior prior : Prior.values()) {
          double perPair = 0;
          for (double b : pairBest[prior.ordinal()]) {
            perPair += b / kernels.size();
          }
          double perImage = Double.NEGATIVE_INFINITY;
          for (int g = 0; g < coarse; g++) {
            double m = 0;
            for (int kn = 0; kn < kernels.size(); kn++) {
              m += curve[prior.ordinal()][kn][g] / kernels.size();
            }
            perImage = Math.max(perImage, m);
          }
          System.out.printf(Locale.ROOT, "%-14s %6.2f %-9s %8.2f %13.2f %13.2f%n", files.get(im).getFileName(),
              sigma * 255, prior, blurredMean, perPair, perImage);
          assertTrue(perImage > blurredMean, "deconvolution must beat the blurred input");
        }
      }
    }
  }

  private static double psnr(TikhonovDeconvolution t, double log10Lambda, GrayImage truth) {
    double[] x = new double[truth.pixels().length];
    t.solve(Math.pow(10, log10Lambda), x);
    return Gray8.psnr8(new GrayImage(truth.height(), truth.width(), x), truth);
  }
}
