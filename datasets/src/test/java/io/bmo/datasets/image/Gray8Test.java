package io.bmo.datasets.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.GrayImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gray8Test {
  @TempDir
  Path dir;

  /** Every pixel is (299 R + 587 G + 114 B + 500) div 1000, in exact integers; ties go up. */
  @Test
  void rgbBecomesBt601LumaRoundedHalfUpTo8Bit() throws IOException {
    int w = 64;
    BufferedImage rgb = new BufferedImage(w, 4, BufferedImage.TYPE_INT_RGB);
    Random rnd = new Random(1);
    int[][] colours = new int[4 * w][];
    for (int p = 0; p < 4 * w; p++) {
      colours[p] = new int[] {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
    }
    colours[0] = new int[] {0, 0, 250}; // 114·250 = 28 500: a tie, rounds up to 29
    colours[1] = new int[] {0, 0, 5}; // 114·5 = 570 thousandths: 1
    colours[2] = new int[] {255, 255, 255};
    for (int p = 0; p < 4 * w; p++) {
      int[] c = colours[p];
      rgb.setRGB(p % w, p / w, (c[0] << 16) | (c[1] << 8) | c[2]);
    }
    Path f = dir.resolve("rgb.png");
    ImageIO.write(rgb, "png", f.toFile());
    GrayImage g = Gray8.readGray8(f);
    for (int p = 0; p < 4 * w; p++) {
      int[] c = colours[p];
      int expected = (299 * c[0] + 587 * c[1] + 114 * c[2] + 500) / 1000;
      assertEquals(expected / 255.0, g.pixels()[p], 0.0, "pixel " + p);
    }
    assertEquals(29 / 255.0, g.pixels()[0], 0.0);
    assertEquals(1.0, g.pixels()[2], 0.0);
  }

  @Test
  void grayPngIsReadExactly() throws IOException {
    double[] px = new double[256];
    for (int k = 0; k < 256; k++) {
      px[k] = k / 255.0;
    }
    Path f = dir.resolve("gray.png");
    ImageFiles.writePng(new GrayImage(16, 16, px), f);
    GrayImage g = Gray8.readGray8(f);
    for (int k = 0; k < 256; k++) {
      assertEquals(k / 255.0, g.pixels()[k], 0.0);
    }
  }

  @Test
  void unreadableFileIsOneLineNamingIt() throws IOException {
    Path f = dir.resolve("broken.png");
    Files.writeString(f, "not an image");
    IOException e = assertThrows(IOException.class, () -> Gray8.readGray8(f));
    assertTrue(e.getMessage().contains("broken.png") && !e.getMessage().contains("\n"), e.getMessage());
  }

  /** Rounding to 8 bit before PSNR: within half a level is exact; one level everywhere is 20·log₁₀ 255 dB. */
  @Test
  void psnrIsMeasuredOnThe8BitRoundedEstimate() {
    double[] truth = new double[100];
    double[] near = new double[100];
    double[] off = new double[100];
    for (int p = 0; p < 100; p++) {
      truth[p] = (50 + p) / 255.0;
      near[p] = truth[p] + (p % 2 == 0 ? 0.49 : -0.49) / 255;
      off[p] = truth[p] + 0.6 / 255;
    }
    GrayImage t = new GrayImage(10, 10, truth);
    assertEquals(Double.POSITIVE_INFINITY, Gray8.psnr8(new GrayImage(10, 10, near), t));
    assertEquals(20 * Math.log10(255), Gray8.psnr8(new GrayImage(10, 10, off), t), 1e-9);
    GrayImage q = Gray8.quantize8(new GrayImage(1, 3, new double[] {-0.2, Double.NaN, 1.3}));
    assertEquals(0, q.pixels()[0], 0.0);
    assertEquals(0, q.pixels()[1], 0.0);
    assertEquals(1, q.pixels()[2], 0.0);
  }
}
