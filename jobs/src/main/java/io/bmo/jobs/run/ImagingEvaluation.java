package io.bmo.jobs.run;

import io.bmo.core.imaging.AcceleratedGradient;
import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.ImagingConfig;
import io.bmo.core.imaging.ImagingProblem;
import io.bmo.core.imaging.operator.ForwardModel;
import io.bmo.core.imaging.ImagingShards;
import io.bmo.core.imaging.Degradation;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.core.imaging.SyntheticImageSource;
import io.bmo.jobs.config.ImagingSection;
import io.bmo.jobs.config.TrainConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reconstruction quality of a trained imaging run on whole images: image i (in name order) is degraded exactly as
 * training degrades test examples ({@code y = K x* + σ n}, noise from (noise seed of {@code data.test-seed}, i)),
 * reconstructed by the learned lower level {@code x̂ = argmin_x E(x; θ)} (FISTA from y), and compared with x*.
 *
 * <p>Whole images have many more pixels than training crops, and ‖∇ₓE‖₂ grows like √pixels at the same per-pixel
 * accuracy, so the stopping tolerance is {@code imaging.lower.eval-tol · √(pixels / crop-size²)}.
 */
public final class ImagingEvaluation {
  /** One image's result. */
  public record Row(String name, int height, int width, double inputPsnr, double psnr, long lowerIterations,
      GrayImage clean, GrayImage degraded, GrayImage reconstructed) {}

  private ImagingEvaluation() {}

  /** Reconstructs every image; nothing is written. */
  public static List<Row> run(TrainConfig cfg, ForwardModel forward, double[] theta, List<ImageInputs.Named> images) {
    ImagingSection im = cfg.imaging();
    Degradation deg = new Degradation(forward, im.noiseSigma(), SyntheticImageSource.noiseSeed(im.testSeed()));
    ImagingConfig core = im.core(forward);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      ImageInputs.Named n = images.get(i);
      GrayImage clean = n.image();
      ImageShape shape = clean.shape();
      GrayImage y = deg.apply(clean, i);
      ImagingProblem p = new ImagingProblem(core, shape, 1);
      double[] x = y.pixels().clone();
      double tol = im.evalTolerance() * Math.sqrt(shape.pixels() / (double) (im.cropSize() * im.cropSize()));
      AcceleratedGradient.Result r = p.solveLower(theta, y.pixels(), 1, tol, x);
      GrayImage rec = new GrayImage(shape.height(), shape.width(), x);
      rows.add(new Row(n.name(), shape.height(), shape.width(), psnr(clean, y), psnr(clean, rec),
          r.exampleIterations(), clean, y, rec));
    }
    return rows;
  }

  static double psnr(GrayImage ref, GrayImage img) {
    double sq = 0;
    double[] a = ref.pixels();
    double[] b = img.pixels();
    for (int p = 0; p < a.length; p++) {
      double d = a[p] - b[p];
      sq += d * d;
    }
    return ImagingShards.psnr(sq, a.length);
  }

  /** The per-image CSV. */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder("image,height,width,input_psnr,psnr,lower_iterations\n");
    for (Row r : rows) {
      sb.append(r.name()).append(',').append(r.height()).append(',').append(r.width()).append(',')
          .append(r.inputPsnr()).append(',').append(r.psnr()).append(',').append(r.lowerIterations()).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@code evaluate_images.csv} and, when asked, {@code images/<name>.png} (clean | degraded | x̂). */
  public static void write(RunStore store, List<Row> rows, boolean saveImages) throws IOException {
    store.writeString("evaluate_images.csv", csv(rows));
    if (saveImages) {
      for (Row r : rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String base = r.name().replaceAll("\\.[^.]*$", "");
        ImageFiles.writePng(ImageFiles.sideBySide(r.clean(), r.degraded(), r.reconstructed()), out, base);
        store.write("images/" + base + ".png", out.toByteArray());
      }
    }
  }

  /** The JSON fields: mean PSNRs over images and where the outputs went. */
  public static Map<String, Object> summary(List<Row> rows) {
    double in = 0;
    double out = 0;
    for (Row r : rows) {
      in += r.inputPsnr();
      out += r.psnr();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", rows.size());
    m.put("mean_psnr", out / rows.size());
    m.put("mean_input_psnr", in / rows.size());
    return m;
  }

  /** One stderr line per image. */
  public static String describe(Row r) {
    return String.format(Locale.ROOT, "%-24s %4dx%-4d input %6.2f dB  reconstructed %6.2f dB  (%d iterations)",
        r.name(), r.height(), r.width(), r.inputPsnr(), r.psnr(), r.lowerIterations());
  }
}
