package io.bmo.jobs.run;

import io.bmo.core.family.FamilyConfig;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.family.ImageRestoration;
import io.bmo.datasets.image.Gray8;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.datasets.rain.ImageQuality;
import io.bmo.jobs.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code evaluate --pairs DIR_OR_GLOB [--save-images]} for a family that restores observed images
 * ({@link FamilyRun#restoreObserved}): every {@code <prefix>NNN.png} (a directory: every such file in it; a glob or
 * Hadoop URI: the matches whose name starts with the prefix) is restored and compared with its partner
 * {@code clean-prefix + NNN.png} in the same directory, the Rain100L/Rain100H layout ({@code rain-NNN.png} /
 * {@code norain-NNN.png}). Both images are read as 8-bit BT.601 luma Y; PSNR and SSIM are computed on the 8-bit
 * restoration (clamped, rounded to 256 levels) and on the observation, against the clean image. Everything is
 * computed before anything is written.
 */
public final class PairEvaluation {
  /** Prefix of observed files and of their clean partners. */
  public static final String OBSERVED_PREFIX = "rain-";
  /** Prefix of the clean partners' file names. */
  public static final String CLEAN_PREFIX = "norain-";

  private PairEvaluation() {}

  /**
   * One pair; when images are to be saved, the PNG of observed | restored | clean and, for the first pair when the
   * family traces its stages, the PNG of the stage grid (else null), encoded at once to keep memory small.
   */
  public record Row(String image, int height, int width, double inputPsnr, double inputSsim, double psnr,
      double ssim, byte[] png, byte[] stagesPng) implements RestorationQuality {}

  /** A pair of files. */
  record Files(Path observed, Path clean) {}

  /** The pairs named by {@code spec}, by observed file name; fails naming the file when a partner is missing. */
  static List<Files> list(String spec, Configuration hadoop) {
    try {
      Path p = new Path(spec);
      FileSystem fs = p.getFileSystem(hadoop);
      FileStatus[] st = fs.exists(p) && fs.getFileStatus(p).isDirectory() ? fs.listStatus(p) : fs.globStatus(p);
      if (st == null) {
        throw new UserError("--pairs: " + spec + ": no such file or directory");
      }
      List<Path> obs = Arrays.stream(st).filter(FileStatus::isFile).map(FileStatus::getPath)
          .filter(f -> f.getName().startsWith(OBSERVED_PREFIX) && ImageInputs.isImage(f.getName()))
          .sorted(Comparator.comparing(Path::getName)).toList();
      if (obs.isEmpty()) {
        throw new UserError("--pairs: " + spec + ": no " + OBSERVED_PREFIX + "*.png files");
      }
      List<Files> out = new ArrayList<>();
      for (Path o : obs) {
        Path c = new Path(o.getParent(), CLEAN_PREFIX + o.getName().substring(OBSERVED_PREFIX.length()));
        if (!fs.exists(c)) {
          throw new UserError("--pairs: " + o + " has no clean partner " + c);
        }
        out.add(new Files(o, c));
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("--pairs: " + spec + ": " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
    }
  }

  private static GrayImage read(Path p, Configuration hadoop) {
    try (InputStream in = p.getFileSystem(hadoop).open(p)) {
      return Gray8.gray8(ImageFiles.read(in, p.toString()));
    } catch (IOException e) {
      throw new UserError("--pairs: " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
    }
  }

  /**
   * Reads and restores every pair (in this JVM); with {@code keepImages} also the first pair's stage grid.
   *
   * @param run the family's run
   * @param omega the trained ω
   * @param spec a directory, a glob or a Hadoop URI of the pairs
   * @param hadoop the Hadoop configuration
   * @param keepImages whether to encode the PNGs of the rows
   * @param threads pairs restored at once ({@link OrderedParallel}: the same rows for any count)
   * @return one row per pair, in name order
   * @throws IOException when a file cannot be read
   */
  public static List<Row> run(FamilyRun run, double[] omega, String spec, Configuration hadoop, boolean keepImages,
      int threads) throws IOException {
    List<Files> files = list(spec, hadoop);
    try {
      return restoreAll(run, omega, files, hadoop, keepImages, threads);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<Row> restoreAll(FamilyRun run, double[] omega, List<Files> files, Configuration hadoop,
      boolean keepImages, int threads) {
    return OrderedParallel.map(files.size(), threads, i -> {
      Files f = files.get(i);
      boolean trace = keepImages && i == 0;
      GrayImage o = read(f.observed(), hadoop);
      GrayImage clean = read(f.clean(), hadoop);
      if (o.height() != clean.height() || o.width() != clean.width()) {
        throw new UserError("--pairs: " + f.observed() + " is " + o.height() + "x" + o.width() + " but "
            + f.clean() + " is " + clean.height() + "x" + clean.width());
      }
      String name = f.observed().getName();
      ImageRestoration.Restored r;
      try {
        r = run.restoreObserved(omega, new FamilyConfig.Image(name, o.height(), o.width(), o.pixels().clone()),
            trace);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      GrayImage x = Gray8.quantize8(new GrayImage(o.height(), o.width(), r.restored()));
      String base = name.replaceAll("\\.[^.]*$", "");
      GrayImage stages = trace ? grid(r.stages(), o.height(), o.width()) : null;
      return new Row(name, o.height(), o.width(), ImageQuality.psnr(o, clean, 1.0), ImageQuality.ssim(o, clean,
          1.0), ImageQuality.psnr(x, clean, 1.0), ImageQuality.ssim(x, clean, 1.0),
          keepImages ? pngOf(ImageFiles.sideBySide(o, x, clean), base) : null,
          stages == null ? null : pngOf(stages, base));
    }, row -> System.err.println(String.format(Locale.ROOT,
        "%-24s %4dx%-4d input %6.2f dB / %.4f  restored %6.2f dB / %.4f", row.image(), row.height(), row.width(),
        row.inputPsnr(), row.inputSsim(), row.psnr(), row.ssim())));
  }

  /** The stage images as one grid (rows of panels side by side, stacked with a separator), or null when none. */
  static GrayImage grid(List<List<double[]>> stages, int h, int w) {
    if (stages.isEmpty()) {
      return null;
    }
    List<GrayImage> rows = new ArrayList<>();
    for (List<double[]> row : stages) {
      rows.add(ImageFiles.sideBySide(row.stream().map(px -> new GrayImage(h, w, px)).toArray(GrayImage[]::new)));
    }
    int width = rows.stream().mapToInt(GrayImage::width).max().orElse(0);
    int sep = ImageFiles.SEPARATOR;
    double[] px = new double[(rows.size() * (h + sep) - sep) * width];
    Arrays.fill(px, 0.5);
    for (int k = 0; k < rows.size(); k++) {
      GrayImage g = rows.get(k);
      for (int i = 0; i < h; i++) {
        System.arraycopy(g.pixels(), i * g.width(), px, (k * (h + sep) + i) * width, g.width());
      }
    }
    return new GrayImage(rows.size() * (h + sep) - sep, width, px);
  }

  /**
   * The per-pair CSV.
   *
   * @param rows the rows
   * @return the CSV text
   */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder("image,height,width,input_psnr,input_ssim,psnr,ssim\n");
    for (Row r : rows) {
      sb.append(r.image()).append(',').append(r.height()).append(',').append(r.width()).append(',')
          .append(r.inputPsnr()).append(',').append(r.inputSsim()).append(',').append(r.psnr()).append(',')
          .append(r.ssim()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes {@code evaluate_pairs.csv} and the kept PNGs: {@code pairs/<image>.png} (observed | restored | clean) and
   * {@code pairs/<image>_stages.png} (the family's stage grid, e.g. B_k above R_k for k = 1..K) into the run.
   *
   * @param store the run directory
   * @param rows the rows
   * @throws IOException when a file cannot be written
   */
  public static void write(RunStore store, List<Row> rows) throws IOException {
    store.writeString("evaluate_pairs.csv", csv(rows));
    for (Row r : rows) {
      String base = r.image().replaceAll("\\.[^.]*$", "");
      if (r.png() != null) {
        store.write("pairs/" + base + ".png", r.png());
      }
      if (r.stagesPng() != null) {
        store.write("pairs/" + base + "_stages.png", r.stagesPng());
      }
    }
  }

  /** {@link #png}, its I/O failure unchecked (for a task; {@link #run} checks it again). */
  private static byte[] pngOf(GrayImage g, String name) {
    try {
      return png(g, name);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] png(GrayImage g, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageFiles.writePng(g, out, name);
    return out.toByteArray();
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
