package io.bmo.datasets.rain;

import io.bmo.core.derain.RainSpec;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.Gray8;
import io.bmo.datasets.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes synthetic rainy/clean pairs in the Rain100L layout: for the k-th image (name order) of a directory of
 * PNG/JPEG files, {@code norain-NNN.png} (the image as 8-bit BT.601 gray) and {@code rain-NNN.png} (with the rain of
 * {@link RainGenerator} example k, screen blend, 8-bit), NNN = k + 1 zero-padded to three digits. Whole images, no
 * crops: a held-out set for {@code evaluate --pairs}.
 *
 * <pre>  java -cp … io.bmo.datasets.rain.RainPairsWriter IMAGES_DIR OUT_DIR SEED [light|heavy]</pre>
 */
public final class RainPairsWriter {
  private RainPairsWriter() {}

  /**
   * Writes the pairs of {@code images} (name order) with the rain of {@code gen} into {@code out}; returns how many.
   * Every image is read first, so a missing or unreadable one writes nothing.
   *
   * @param images a directory of clean images
   * @param out the directory to write {@code rain-NNN.png} / {@code norain-NNN.png} into
   * @param gen the rain
   * @return the number of pairs written
   * @throws IOException when an image cannot be read or a file cannot be written
   */
  public static int write(Path images, Path out, RainRenderer gen) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(images)) {
      s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
      }).sorted().forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IOException("no PNG/JPEG images in " + images);
    }
    List<GrayImage> clean = new ArrayList<>(files.size());
    for (Path f : files) { // every image read before anything is written
      clean.add(Gray8.readGray8(f));
    }
    Files.createDirectories(out);
    for (int k = 0; k < files.size(); k++) {
      String id = String.format(Locale.ROOT, "%03d", k + 1);
      ImageFiles.writePng(clean.get(k), out.resolve(RainPairs.CLEAN_PREFIX + id + ".png"));
      ImageFiles.writePng(gen.apply(clean.get(k), k), out.resolve(RainPairs.RAIN_PREFIX + id + ".png"));
    }
    return files.size();
  }

  /**
   * Command line: {@code IMAGES_DIR OUT_DIR SEED [light|heavy|segments-light|segments-heavy]} (default light); exits
   * with 2 and one line on a usage error or an images directory that cannot be read.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    String mode = args.length == 4 ? args[3] : "light";
    if (args.length < 3 || args.length > 4 || !mode.matches("light|heavy|segments-light|segments-heavy")
        || !args[2].matches("-?[0-9]{1,18}")) {
      System.err.println("usage: RainPairsWriter IMAGES_DIR OUT_DIR SEED [light|heavy|segments-light|segments-heavy]");
      System.exit(2);
    }
    long seed = Long.parseLong(args[2]);
    RainRenderer gen = switch (mode) {
      case "heavy" -> new RainGenerator(RainSpec.heavy(), seed);
      case "segments-light" -> SegmentRain.light(seed);
      case "segments-heavy" -> SegmentRain.heavy(seed);
      default -> new RainGenerator(RainSpec.light(), seed);
    };
    int n;
    try {
      n = write(Path.of(args[0]), Path.of(args[1]), gen);
    } catch (IOException e) {
      String what = e instanceof NoSuchFileException ? "no such file or directory: " + e.getMessage() : e.getMessage();
      System.err.println("RainPairsWriter: " + what);
      System.exit(2);
      return;
    }
    System.err.println("wrote " + n + " rain/norain pairs to " + args[1]);
  }
}
