package io.bmo.datasets.rain;

import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rainy/clean pairs in the Rain100L/Rain100H layout: {@code rain-NNN.png} with its partner {@code norain-NNN.png} in
 * the same directory. The pairs are given as a directory (every {@code rain-*.png} in it) or a glob on file names in
 * one directory ({@code dir/rain-0*.png}); files whose name does not start with {@code rain-} are ignored. Pairs are
 * listed in lexicographic order of the rainy file's name. Images are read by {@link ImageFiles} (RGB → BT.601 luma Y
 * in [0, 1], gray as is). Every failure is one {@link IOException} line naming the file: no match, a missing partner,
 * an unreadable image, or a size mismatch.
 */
public final class RainPairs {
  /** Prefix of rainy files; the clean partner has {@link #CLEAN_PREFIX} in its place. */
  public static final String RAIN_PREFIX = "rain-";
  /** Prefix of clean files. */
  public static final String CLEAN_PREFIX = "norain-";

  /** One pair of files. */
  public record Pair(Path rainy, Path clean) {}

  /** One pair of images of equal size. */
  public record Images(String name, GrayImage rainy, GrayImage clean) {}

  private RainPairs() {}

  /**
   * The pairs under a directory or matching a file-name glob; fails if a rainy file has no partner or none match.
   *
   * @param dirOrGlob a directory or a file-name glob
   * @return the pairs in name order
   * @throws IOException when the files cannot be listed, a partner is missing or nothing matches
   */
  public static List<Pair> list(String dirOrGlob) throws IOException {
    Path path = Path.of(dirOrGlob);
    Path dir;
    String glob;
    if (Files.isDirectory(path)) {
      dir = path;
      glob = RAIN_PREFIX + "*.png";
    } else {
      dir = path.getParent() == null ? Path.of(".") : path.getParent();
      glob = path.getFileName().toString();
      if (!Files.isDirectory(dir)) {
        throw new IOException("no such directory for rain pairs: " + dir);
      }
    }
    List<Path> rainy = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path f : files) {
        if (f.getFileName().toString().startsWith(RAIN_PREFIX) && Files.isRegularFile(f)) {
          rainy.add(f);
        }
      }
    }
    if (rainy.isEmpty()) {
      throw new IOException("no " + RAIN_PREFIX + "*.png files match " + dirOrGlob);
    }
    rainy.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    List<Pair> pairs = new ArrayList<>(rainy.size());
    for (Path r : rainy) {
      Path c = r.resolveSibling(CLEAN_PREFIX + r.getFileName().toString().substring(RAIN_PREFIX.length()));
      if (!Files.isRegularFile(c)) {
        throw new IOException("rainy image " + r + " has no clean partner " + c);
      }
      pairs.add(new Pair(r, c));
    }
    return pairs;
  }

  /**
   * Reads both images of a pair as luma; fails naming the rainy file if their sizes differ.
   *
   * @param pair the two files
   * @return the rainy and clean images
   * @throws IOException when a file cannot be read or the sizes differ
   */
  public static Images read(Pair pair) throws IOException {
    GrayImage rainy = ImageFiles.read(pair.rainy());
    GrayImage clean = ImageFiles.read(pair.clean());
    if (rainy.height() != clean.height() || rainy.width() != clean.width()) {
      throw new IOException("rainy image " + pair.rainy() + " is " + rainy.height() + "x" + rainy.width()
          + " but its clean partner " + pair.clean() + " is " + clean.height() + "x" + clean.width());
    }
    return new Images(pair.rainy().getFileName().toString(), rainy, clean);
  }
}
