package io.bmo.datasets.image;

import io.bmo.core.imaging.GrayImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reading and writing gray images with {@code javax.imageio} (PNG, JPEG, and whatever other readers are installed).
 *
 * <p>Reading: single-band images (8- or 16-bit gray) are read from the raster and scaled by {@code 1/(2^bits − 1)};
 * anything else goes through sRGB ({@code getRGB}) and is converted with the ITU-R BT.601 luma weights
 * {@code 0.299 R + 0.587 G + 0.114 B}, then divided by 255; alpha is ignored. Values end in [0, 1].
 *
 * <p>Writing: 8-bit gray PNG, values clamped to [0, 1] and rounded to the nearest of 256 levels.
 *
 * <p>Errors are {@link IOException}s with a one-line message naming the file. An image larger than
 * {@link #MAX_PIXELS} is rejected from its header, before it is decoded.
 */
public final class ImageFiles {
  /** BT.601 luma weights. */
  public static final double WEIGHT_R = 0.299;
  /** BT.601 luma weight of green. */
  public static final double WEIGHT_G = 0.587;
  /** BT.601 luma weight of blue. */
  public static final double WEIGHT_B = 0.114;
  /** Width in pixels of the mid-gray separator between panels of {@link #writeSideBySide}. */
  public static final int SEPARATOR = 2;
  /**
   * Most pixels an image may have (16384², 2 GiB as doubles). Checked on the size the file's header declares, before
   * the decoder allocates its raster, so a corrupt or hostile header cannot ask for gigabytes.
   */
  public static final long MAX_PIXELS = 1L << 28;

  private ImageFiles() {}

  /**
   * Reads an image file as gray in [0, 1].
   *
   * @param file a PNG or JPEG file
   * @return the image
   * @throws IOException when the file cannot be read or decoded
   */
  public static GrayImage read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cannot read image ")) {
        throw e;
      }
      throw new IOException("cannot read image " + file + ": " + oneLine(e), e);
    }
  }

  /**
   * Reads an image from a stream (e.g. a Hadoop {@code FSDataInputStream}); the stream is not closed.
   *
   * @param in the encoded image
   * @param name used in error messages only
   * @return the image
   * @throws IOException when the stream cannot be read or decoded
   */
  public static GrayImage read(InputStream in, String name) throws IOException {
    BufferedImage img;
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("cannot read image " + name + ": not a format javax.imageio can decode");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          throw new IOException("cannot read image " + name + ": its header says " + width + "x" + height
              + " pixels, more than the limit of " + MAX_PIXELS);
        }
        img = reader.read(0, reader.getDefaultReadParam());
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cannot read image ")) {
        throw e;
      }
      throw new IOException("cannot read image " + name + ": " + oneLine(e), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot read image " + name + ": " + oneLine(e), e);
    }
    return toGray(img);
  }

  /**
   * Converts a decoded image to gray in [0, 1] (rules in the class comment).
   *
   * @param img the decoded image
   * @return the gray image
   */
  public static GrayImage toGray(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    double[] px = new double[h * w];
    Raster raster = img.getRaster();
    boolean singleBand = raster.getNumBands() == 1 && img.getColorModel().getNumComponents() == 1
        && img.getType() != BufferedImage.TYPE_BYTE_BINARY && img.getType() != BufferedImage.TYPE_BYTE_INDEXED;
    if (singleBand) {
      int bits = img.getColorModel().getComponentSize(0);
      double scale = 1.0 / ((1L << bits) - 1);
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          px[i * w + j] = raster.getSample(j, i, 0) * scale;
        }
      }
    } else {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int rgb = img.getRGB(j, i);
          double r = (rgb >> 16) & 0xFF;
          double g = (rgb >> 8) & 0xFF;
          double b = rgb & 0xFF;
          px[i * w + j] = (WEIGHT_R * r + WEIGHT_G * g + WEIGHT_B * b) / 255.0;
        }
      }
    }
    return new GrayImage(h, w, px);
  }

  /**
   * The 8-bit gray {@link BufferedImage} of an image, clamped to [0, 1].
   *
   * @param g the image
   * @return a new {@code TYPE_BYTE_GRAY} image
   */
  public static BufferedImage toBufferedImage(GrayImage g) {
    BufferedImage img = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
    var raster = img.getRaster();
    for (int i = 0; i < g.height(); i++) {
      for (int j = 0; j < g.width(); j++) {
        raster.setSample(j, i, 0, toByte(g.get(i, j)));
      }
    }
    return img;
  }

  /**
   * Writes an 8-bit gray PNG (clamped to [0, 1]), creating parent directories.
   *
   * @param g the image
   * @param file the PNG file to write
   * @throws IOException when it cannot be written
   */
  public static void writePng(GrayImage g, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      writePng(g, out, file.toString());
    }
  }

  /**
   * Writes an 8-bit gray PNG to a stream (not closed).
   *
   * @param g the image
   * @param out the stream
   * @param name for error messages only
   * @throws IOException when it cannot be written
   */
  public static void writePng(GrayImage g, OutputStream out, String name) throws IOException {
    if (!ImageIO.write(toBufferedImage(g), "png", out)) {
      throw new IOException("cannot write image " + name + ": no PNG writer available");
    }
  }

  /**
   * Writes panels left to right (e.g. clean | noisy | reconstructed) separated by {@link #SEPARATOR} mid-gray columns.
   * All panels must have the same height.
   *
   * @param file the PNG file to write
   * @param panels the images, left to right
   * @throws IOException when it cannot be written
   */
  public static void writeSideBySide(Path file, GrayImage... panels) throws IOException {
    writePng(sideBySide(panels), file);
  }

  /**
   * The image {@link #writeSideBySide} writes.
   *
   * @param panels the images, left to right, all of the same height
   * @return the combined image
   */
  public static GrayImage sideBySide(GrayImage... panels) {
    if (panels.length == 0) {
      throw new IllegalArgumentException("need at least one panel");
    }
    int h = panels[0].height();
    int w = -SEPARATOR;
    for (GrayImage p : panels) {
      if (p.height() != h) {
        throw new IllegalArgumentException("panels must share a height: " + p.height() + " vs " + h);
      }
      w += p.width() + SEPARATOR;
    }
    double[] px = new double[h * w];
    java.util.Arrays.fill(px, 0.5);
    int col = 0;
    for (GrayImage p : panels) {
      for (int i = 0; i < h; i++) {
        System.arraycopy(p.pixels(), i * p.width(), px, i * w + col, p.width());
      }
      col += p.width() + SEPARATOR;
    }
    return new GrayImage(h, w, px);
  }

  private static int toByte(double v) {
    double c = Math.min(1.0, Math.max(0.0, Double.isNaN(v) ? 0.0 : v));
    return (int) Math.round(c * 255.0);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\n', ' ').replace('\r', ' ');
  }
}
