package io.bmo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java deserialization of user files: no main source of any module names {@code ObjectInputStream} (Spark's own
 * task and shuffle serialization is Spark's business; what bmo reads from disk is .npy, CSV, Parquet, PNG, JSON
 * and HOCON).
 */
class NoJavaDeserializationTest {
  @Test
  void noMainSourceUsesObjectInputStream() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent(); // tests run in the jobs module directory
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String module : List.of("bmo-core", "datasets", "jobs", "bench")) {
      Path src = root.resolve(module).resolve("src/main");
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(src)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".scala")).toList()) {
          scanned++;
          if (Files.readString(p).contains("ObjectInputStream")) {
            offenders.add(root.relativize(p).toString());
          }
        }
      }
    }
    assertTrue(scanned > 100, "scanned only " + scanned + " files from " + root);
    assertEquals(List.of(), offenders);
  }
}
