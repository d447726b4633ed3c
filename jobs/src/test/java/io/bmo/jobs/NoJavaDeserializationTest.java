package io.bmo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main source file of any module uses {@code java.io.ObjectInputStream}: user files (configs, data, run
 * directories, checkpoints) are never read with Java deserialization, which can run code named by the bytes it
 * reads. Comments may mention it; code may not (not even fully qualified or as a superclass).
 */
class NoJavaDeserializationTest {
  /** Main source roots of every module, relative to the jobs module (the tests' working directory). */
  static final List<String> ROOTS = List.of("../bmo-core/src/main", "../datasets/src/main", "src/main",
      "../bench/src/main");
  private static final Pattern USE = Pattern.compile("\\bObjectInputStream\\b");
  /** Block comments, line comments (not inside string literals), and string literals. */
  private static final Pattern COMMENT_OR_STRING =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  @TempDir
  Path tmp;

  /** Source files (.java, .scala, .kt) under {@code root} whose code names ObjectInputStream. */
  static List<Path> offenders(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".java") || n.endsWith(".scala") || n.endsWith(".kt")) {
          String code = COMMENT_OR_STRING.matcher(Files.readString(f)).replaceAll(" ");
          if (USE.matcher(code).find()) {
            out.add(f);
          }
        }
      }
    }
    return out;
  }

  @Test
  void noMainSourceUsesObjectInputStream() throws IOException {
    int scanned = 0;
    List<Path> bad = new ArrayList<>();
    for (String r : ROOTS) {
      Path root = Path.of(r);
      assertTrue(Files.isDirectory(root), "missing source root " + root.toAbsolutePath());
      try (Stream<Path> files = Files.walk(root)) {
        scanned += (int) files.filter(p -> p.toString().endsWith(".java")).count();
      }
      bad.addAll(offenders(root));
    }
    assertTrue(scanned > 100, "only " + scanned + " source files found");
    assertEquals(List.of(), bad, "main sources using java.io.ObjectInputStream");
  }

  /** The scanner finds real uses (import, fully qualified, subclass) and ignores comments and strings. */
  @Test
  void scannerFindsUsesAndIgnoresComments() throws IOException {
    Files.writeString(tmp.resolve("A.java"), "import java.io.ObjectInputStream;\nclass A {}\n");
    Files.writeString(tmp.resolve("B.java"), "class B { Object o(java.io.InputStream in) throws Exception {\n"
        + "  return new java.io.ObjectInputStream(in).readObject(); } }\n");
    Files.writeString(tmp.resolve("C.java"), "class C extends java.io.ObjectInputStream {\n"
        + "  C() throws java.io.IOException { super(); } }\n");
    Files.writeString(tmp.resolve("D.java"), "/** Never an ObjectInputStream. */\nclass D {\n"
        + "  // no ObjectInputStream here\n  String s = \"ObjectInputStream\";\n}\n");
    Files.writeString(tmp.resolve("E.java"), "class E { String url = \"http://x\"; java.io.ObjectInputStream s; }\n");
    List<String> found = offenders(tmp).stream().map(p -> p.getFileName().toString()).sorted().toList();
    assertEquals(List.of("A.java", "B.java", "C.java", "E.java"), found);
  }
}
