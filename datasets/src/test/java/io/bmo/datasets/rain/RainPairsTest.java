package io.bmo.datasets.rain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.GrayImage;
import io.bmo.datasets.image.ImageFiles;
import io.bmo.datasets.image.ImageFilesTest;
import io.bmo.core.imaging.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RainPairsTest {
  @TempDir
  Path dir;

  private void write(String name, GrayImage g) throws IOException {
    ImageFiles.writePng(g, dir.resolve(name));
  }

  @Test
  void listsPairsOfADirectoryAndAGlobInNameOrder() throws IOException {
    SyntheticImages gen = new SyntheticImages(1, 20, 24);
    for (String n : new String[] {"002", "001", "010"}) {
      write("rain-" + n + ".png", gen.image(1));
      write("norain-" + n + ".png", gen.image(2));
    }
    List<RainPairs.Pair> all = RainPairs.list(dir.toString());
    assertEquals(3, all.size());
    assertEquals("rain-001.png", all.get(0).rainy().getFileName().toString());
    assertEquals(dir.resolve("norain-010.png"), all.get(2).clean());
    assertEquals(2, RainPairs.list(dir.resolve("rain-00*.png").toString()).size());
    RainPairs.Images im = RainPairs.read(all.get(0));
    assertEquals(20, im.clean().height());
  }

  /** An RGB pair is read as BT.601 luma: a pure-green pixel (0, 255, 0) becomes 0.587. */
  @Test
  void rgbIsReadAsLuma() throws IOException {
    BufferedImage rgb = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 12; j++) {
        rgb.setRGB(j, i, 0x00FF00);
      }
    }
    ImageIO.write(rgb, "png", dir.resolve("rain-1.png").toFile());
    ImageIO.write(rgb, "png", dir.resolve("norain-1.png").toFile());
    RainPairs.Images im = RainPairs.read(RainPairs.list(dir.toString()).get(0));
    assertEquals(0.587, im.rainy().get(3, 4), 1e-12);
    assertArrayEquals(im.rainy().pixels(), im.clean().pixels(), 0.0);
  }

  @Test
  void errorsAreOneLineNamingTheFile() throws IOException {
    SyntheticImages gen = new SyntheticImages(1, 20, 24);
    write("rain-001.png", gen.image(1));
    IOException missing = assertThrows(IOException.class, () -> RainPairs.list(dir.toString()));
    assertTrue(missing.getMessage().contains("norain-001.png"), missing.getMessage());
    write("norain-001.png", new SyntheticImages(1, 21, 24).image(1));
    IOException size = assertThrows(IOException.class, () -> RainPairs.read(RainPairs.list(dir.toString()).get(0)));
    assertTrue(size.getMessage().contains("rain-001.png") && size.getMessage().contains("21x24"), size.getMessage());
    Files.writeString(dir.resolve("norain-001.png"), "not a png");
    IOException bad = assertThrows(IOException.class, () -> RainPairs.read(RainPairs.list(dir.toString()).get(0)));
    assertTrue(bad.getMessage().contains("norain-001.png"), bad.getMessage());
    for (IOException e : List.of(missing, size, bad)) {
      assertFalse(e.getMessage().contains("\n"));
    }
    IOException none = assertThrows(IOException.class, () -> RainPairs.list(dir.resolve("rain-9*.png").toString()));
    assertTrue(none.getMessage().contains("rain-9*.png"));
  }

  /** A rainy file whose PNG header claims 40000 × 40000 pixels fails naming it, from the header alone. */
  @Test
  void oversizedHeaderFailsNamingTheFile() throws IOException {
    write("norain-001.png", new SyntheticImages(1, 20, 24).image(1));
    Files.write(dir.resolve("rain-001.png"), ImageFilesTest.pngClaiming(40000, 40000));
    IOException e = assertThrows(IOException.class, () -> RainPairs.read(RainPairs.list(dir.toString()).get(0)));
    assertEquals("cannot read image " + dir.resolve("rain-001.png") + ": its header says 40000x40000 pixels, more"
        + " than the limit of " + ImageFiles.MAX_PIXELS, e.getMessage());
  }
}
