package io.bmo.jobs.run;

import io.bmo.core.imaging.Crops;
import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Image files from any Hadoop URI or local path: a directory (its {@code .png}, {@code .jpg}, {@code .jpeg} files),
 * a glob pattern or a single file, in name order. Every error is a one-line {@link UserError} naming the config key
 * (or option) and the file.
 */
public final class ImageInputs {
  /** An image and the file it came from. */
  public record Named(String name, GrayImage image) {}

  private ImageInputs() {}

  /**
   * Whether a file name has an image extension this reader accepts.
   *
   * @param name a file name
   * @return true for .png, .jpg and .jpeg (any case)
   */
  public static boolean isImage(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /**
   * Reads every image named by {@code spec}.
   *
   * @param key the config key or option shown in errors (e.g. {@code data.images})
   * @param spec a directory, a glob or a Hadoop URI of image files
   * @param hadoop the Hadoop configuration
   * @return the images in name order, as gray in [0, 1]
   */
  public static List<Named> read(String spec, String key, Configuration hadoop) {
    List<Path> files = list(spec, key, hadoop);
    List<Named> out = new ArrayList<>();
    for (Path p : files) {
      try (InputStream in = p.getFileSystem(hadoop).open(p)) {
        out.add(new Named(p.getName(), ImageFiles.read(in, p.toString())));
      } catch (IOException e) {
        throw new UserError(key + ": " + oneLine(e.getMessage()), e);
      }
    }
    return out;
  }

  private static List<Path> list(String spec, String key, Configuration hadoop) {
    try {
      Path p = new Path(spec);
      FileSystem fs = p.getFileSystem(hadoop);
      FileStatus[] st;
      if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
        st = fs.listStatus(p);
      } else {
        st = fs.globStatus(p);
        if (st == null || st.length == 0) {
          throw new UserError(key + ": " + spec + ": no such file or directory");
        }
      }
      List<Path> files = Arrays.stream(st).filter(FileStatus::isFile).map(FileStatus::getPath)
          .filter(f -> isImage(f.getName())).sorted(Comparator.comparing(Path::toString)).toList();
      if (files.isEmpty()) {
        throw new UserError(key + ": " + spec + ": no PNG/JPEG files");
      }
      return files;
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(key + ": " + spec + ": " + oneLine(e.getMessage()), e);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ');
  }
}
