package io.bmo.datasets.image;

import io.bmo.core.imaging.SyntheticImages;
import io.bmo.core.imaging.GrayImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ImageFilesTest {
  /** 8-bit quantisation: rounding to the nearest of 256 levels errs by at most half a level. */
  private static final double QUANT = 0.5 / 255 + 1e-12;
  /** JPEG at default quality on a smooth image: a few gray levels. */
  private static final double JPEG_TOL = 12.0 / 255;

  @TempDir
  Path dir;

  @Test
  void pngRoundTripIsExactUpToQuantisation() throws IOException {
    GrayImage g = new SyntheticImages(3, 20, 30).image(0);
    Path f = dir.resolve("sub/a.png");
    ImageFiles.writePng(g, f);
    GrayImage back = ImageFiles.read(f);
    assertEquals(20, back.height());
    assertEquals(30, back.width());
    for (int k = 0; k < g.pixels().length; k++) {
      assertEquals(g.pixels()[k], back.pixels()[k], QUANT);
    }
  }

  @Test
  void writingClampsToUnitRange() throws IOException {
    GrayImage g = new GrayImage(1, 3, new double[] {-0.5, 0.5, 1.7});
    Path f = dir.resolve("c.png");
    ImageFiles.writePng(g, f);
    GrayImage back = ImageFiles.read(f);
    assertEquals(0.0, back.pixels()[0], 0.0);
    assertEquals(128 / 255.0, back.pixels()[1], 1e-15);
    assertEquals(1.0, back.pixels()[2], 0.0);
  }

  @Test
  void rgbIsConvertedWithBt601Weights() throws IOException {
    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
    rgb.setRGB(1, 0, 0xFFFFFF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(rgb, "png", bytes);
    GrayImage g = ImageFiles.read(new ByteArrayInputStream(bytes.toByteArray()), "memory.png");
    assertEquals((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255, g.pixels()[0], 1e-12);
    assertEquals(1.0, g.pixels()[1], 1e-12);
  }

  @Test
  void readsJpeg() throws IOException {
    GrayImage g = new GrayImage(16, 16, new double[256]);
    for (int k = 0; k < 256; k++) {
      g.pixels()[k] = 0.3 + 0.4 * (k % 16) / 15.0;
    }
    Path f = dir.resolve("s.jpg");
    assertTrue(ImageIO.write(ImageFiles.toBufferedImage(g), "jpeg", f.toFile()));
    GrayImage back = ImageFiles.read(f);
    for (int k = 0; k < 256; k++) {
      assertEquals(g.pixels()[k], back.pixels()[k], JPEG_TOL);
    }
  }

  @Test
  void errorsAreOneLineAndNameTheFile() throws IOException {
    Path bad = dir.resolve("not-an-image.png");
    Files.writeString(bad, "hello");
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(bad));
    assertTrue(e.getMessage().contains("not-an-image.png"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    IOException missing = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("missing.png")));
    assertTrue(missing.getMessage().contains("missing.png"), missing.getMessage());
    IOException stream = assertThrows(IOException.class,
        () -> ImageFiles.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), "hdfs://x/y.png"));
    assertTrue(stream.getMessage().contains("hdfs://x/y.png"));
  }

  @Test
  void sideBySidePlacesPanelsWithSeparators() throws IOException {
    GrayImage a = new GrayImage(2, 3, new double[] {0, 0, 0, 0, 0, 0});
    GrayImage b = new GrayImage(2, 2, new double[] {1, 1, 1, 1});
    GrayImage s = ImageFiles.sideBySide(a, b, a);
    assertEquals(3 + 2 + 3 + 2 * ImageFiles.SEPARATOR, s.width());
    assertEquals(1.0, s.get(1, 3 + ImageFiles.SEPARATOR), 0.0);
    assertEquals(0.5, s.get(0, 3), 0.0);
    Path f = dir.resolve("triptych.png");
    ImageFiles.writeSideBySide(f, a, b, a);
    assertEquals(s.width(), ImageFiles.read(f).width());
    assertThrows(IllegalArgumentException.class, () -> ImageFiles.sideBySide(a, new GrayImage(3, 1, new double[3])));
  }

  /** A PNG whose IHDR claims width × height pixels of 8-bit gray, with a tiny IDAT that cannot fill them. */
  public static byte[] pngClaiming(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0, 0, 1, 0, 1});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    CRC32 crc = new CRC32();
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * 40000 × 40000 is below the JDK decoder's own 2³¹ limit, so without the header check it would allocate a
   * 1.6 GB raster; the check rejects it allocating almost nothing (per-thread allocation counter; budget: the
   * decoder's header buffers, far below the raster). Just under the limit, the header alone does not fail.
   */
  @Test
  void headerClaimingTooManyPixelsFailsBeforeDecoding() throws IOException {
    Path f = dir.resolve("huge.png");
    Files.write(f, pngClaiming(40000, 40000));
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(f));
    long used = mx.getCurrentThreadAllocatedBytes() - before;
    assertEquals("cannot read image " + f + ": its header says 40000x40000 pixels, more than the limit of "
        + ImageFiles.MAX_PIXELS, e.getMessage());
    assertTrue(used < 64L << 20, "allocated " + used + " bytes");
    IOException small = assertThrows(IOException.class,
        () -> ImageFiles.read(new ByteArrayInputStream(pngClaiming(64, 64)), "small.png"));
    assertFalse(small.getMessage().contains("limit"), small.getMessage());
  }
}
