package io.bmo.jobs.run;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageRestoration;
import io.bmo.datasets.image.Gray8;
import io.bmo.datasets.deblur.KernelFiles;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.datasets.rain.ImageQuality;
import io.bmo.jobs.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate --images … [--kernels DIR] [--noise SIGMA] [--save-images]} for a family that restores whole images
 * ({@link FamilyRun#restore}): every image (8-bit BT.601 gray, as the deblurring protocol reads them) is degraded
 * with every kernel (or once, without kernels) and noise σ from (noise seed, pair index), then restored. PSNR and
 * SSIM are computed on the 8-bit results (clamped to [0, 1], rounded to 256 levels) against the clean image, also for
 * the degraded input. Everything is computed before anything is written.
 */
public final class RestorationEvaluation {
  private RestorationEvaluation() {}

  /** One (image, kernel) pair; the images are kept only when they are to be saved. */
  public record Row(String image, String kernel, int height, int width, double inputPsnr, double inputSsim,
      double psnr, double ssim, GrayImage clean, GrayImage degraded, GrayImage restored)
      implements RestorationQuality {}

  /**
   * Reads the kernels of {@code dir} (every {@code .npy}, name order), or none when {@code dir} is null.
   *
   * @param dir a directory of {@code .npy} kernels, or null
   * @return the kernels
   */
  public static List<ImageRestoration.Kernel> kernels(String dir) {
    if (dir == null) {
      return List.of();
    }
    try {
      List<ImageRestoration.Kernel> out = new ArrayList<>();
      for (Path p : KernelFiles.list(Path.of(dir))) {
        BlurKernel k = KernelFiles.read(p);
        out.add(new ImageRestoration.Kernel(p.getFileName().toString().replaceAll("\\.npy$", ""), k.rows(), k.cols(),
            k.taps()));
      }
      if (out.isEmpty()) {
        throw new UserError("--kernels: " + dir + ": no .npy kernels");
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("--kernels: " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
    }
  }

  /**
   * Restores every pair.
   *
   * @param noise σ in units of 1/255
   * @param run the family's run
   * @param omega the trained ω
   * @param images the clean images
   * @param kernels the blur kernels (empty: no blur)
   * @param noiseSeed seed of the noise (pair i's noise from (seed, i))
   * @param keepImages whether to keep the images of the rows
   * @param threads pairs restored at once ({@link OrderedParallel}: the same rows for any count)
   * @return one row per (image, kernel), image-major
   */
  public static List<Row> run(FamilyRun run, double[] omega, List<ImageInputs.Named> images,
      List<ImageRestoration.Kernel> kernels, double noise, long noiseSeed, boolean keepImages, int threads) {
    List<ImageRestoration.Kernel> ks = kernels.isEmpty() ? java.util.Collections.singletonList(null) : kernels;
    List<GrayImage> cleans = images.stream().map(n -> Gray8.gray8(new GrayImage(n.image().height(),
        n.image().width(), n.image().pixels().clone()))).toList();
    return OrderedParallel.map(cleans.size() * ks.size(), threads, index -> {
      ImageInputs.Named named = images.get(index / ks.size());
      GrayImage clean = cleans.get(index / ks.size());
      ImageRestoration.Kernel k = ks.get(index % ks.size());
      FamilyConfig.Image im = new FamilyConfig.Image(named.name(), clean.height(), clean.width(), clean.pixels());
      ImageRestoration.Result r;
      try {
        r = run.restore(omega, new ImageRestoration.Request(im, k, noise / 255, noiseSeed, index));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      GrayImage y = Gray8.quantize8(new GrayImage(clean.height(), clean.width(), r.degraded()));
      GrayImage x = Gray8.quantize8(new GrayImage(clean.height(), clean.width(), r.restored()));
      return new Row(named.name(), k == null ? "" : k.name(), clean.height(), clean.width(),
          ImageQuality.psnr(y, clean, 1.0), ImageQuality.ssim(y, clean, 1.0), ImageQuality.psnr(x, clean, 1.0),
          ImageQuality.ssim(x, clean, 1.0), keepImages ? clean : null, keepImages ? y : null,
          keepImages ? x : null);
    }, row -> System.err.println(describe(row)));
  }

  /** One stderr line per pair. */
  static String describe(Row r) {
    return String.format(Locale.ROOT, "%-20s %-12s %4dx%-4d input %6.2f dB / %.4f  restored %6.2f dB / %.4f",
        r.image(), r.kernel(), r.height(), r.width(), r.inputPsnr(), r.inputSsim(), r.psnr(), r.ssim());
  }

  /**
   * The per-pair CSV.
   *
   * @param rows the rows
   * @return the CSV text
   */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder("image,kernel,height,width,input_psnr,input_ssim,psnr,ssim\n");
    for (Row r : rows) {
      sb.append(r.image()).append(',').append(r.kernel()).append(',').append(r.height()).append(',')
          .append(r.width()).append(',').append(r.inputPsnr()).append(',').append(r.inputSsim()).append(',')
          .append(r.psnr()).append(',').append(r.ssim()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes {@code evaluate_images.csv} and, when asked, {@code images/<image>[__<kernel>].png} (degraded | restored |
   * clean) into the run.
   *
   * @param store the run directory
   * @param rows the rows
   * @param saveImages whether to write the PNGs
   * @throws IOException when a file cannot be written
   */
  public static void write(RunStore store, List<Row> rows, boolean saveImages) throws IOException {
    store.writeString("evaluate_images.csv", csv(rows));
    if (saveImages) {
      for (Row r : rows) {
        String base = r.image().replaceAll("\\.[^.]*$", "") + (r.kernel().isEmpty() ? "" : "__" + r.kernel());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageFiles.writePng(ImageFiles.sideBySide(r.degraded(), r.restored(), r.clean()), out, base);
        store.write("images/" + base + ".png", out.toByteArray());
      }
    }
  }

  /**
   * The JSON fields: means over all pairs ({@link RestorationQuality#summary}).
   *
   * @param rows the rows
   * @return field name → value
   */
  public static Map<String, Object> summary(List<Row> rows) {
    return RestorationQuality.summary(rows);
  }
}
