package io.bmo.datasets.rain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.SyntheticImages;
import io.bmo.datasets.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RainPairsWriterTest {

  /** A damaged image anywhere in the directory fails the whole set before any pair is written. */
  @Test
  void anUnreadableImageWritesNothing(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    ImageFiles.writePng(new SyntheticImages(2, 32, 32).image(0), images.resolve("a.png"));
    Files.writeString(images.resolve("b.png"), "not a png");
    Path out = dir.resolve("pairs");
    assertThrows(IOException.class, () -> RainPairsWriter.write(images, out, SegmentRain.light(1)));
    assertFalse(Files.exists(out));
  }

  @Test
  void aMissingDirectoryOrOneWithoutImagesIsNamed(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("pairs");
    assertThrows(IOException.class, () -> RainPairsWriter.write(dir.resolve("nope"), out, SegmentRain.light(1)));
    IOException e = assertThrows(IOException.class, () -> RainPairsWriter.write(dir, out, SegmentRain.light(1)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertFalse(Files.exists(out));
  }
}
