package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir
  Path dir;

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void createsAndReplaces() throws Exception {
    Path f = dir.resolve("out.txt");
    AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(f, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
    assertEquals("two", Files.readString(f));
    assertEquals(List.of(f), listing());
  }

  @Test
  void failureLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, "old");
    IOException boom = new IOException("disk full");
    IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("partial new contents".getBytes(StandardCharsets.UTF_8));
      throw boom;
    }));
    assertSame(boom, thrown);
    assertEquals("old", Files.readString(f));
    assertEquals(List.of(f), listing());
  }

  @Test
  void relativePathsWork() throws Exception {
    // The temporary file must go next to the target as resolved against the working directory.
    Path f = dir.resolve("rel.txt");
    Path relative = Path.of("").toAbsolutePath().relativize(f);
    AtomicFiles.write(relative, out -> out.write('x'));
    assertEquals("x", Files.readString(f));
    assertFalse(listing().stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
  }
}
