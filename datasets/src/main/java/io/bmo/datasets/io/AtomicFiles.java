package io.bmo.datasets.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old contents or the complete new contents, never a partial file.
 *
 * <p>The body writes into {@code .<file name>.<random>.tmp} in the target's directory (same file system, so the
 * rename can be atomic), the data is forced to disk, and the temporary file is renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. If the file system cannot rename atomically the
 * {@link java.nio.file.AtomicMoveNotSupportedException} propagates; there is deliberately no non-atomic fallback.
 * On any failure the temporary file is deleted and the target is left untouched.
 *
 * <p>The temporary file is created with {@code CREATE_NEW} (not {@link Files#createTempFile}, which would make it
 * owner-only on POSIX), so the result gets the process's ordinary default permissions.
 */
public final class AtomicFiles {

  /** What to write; must not close the stream (it is closed, after a forced flush, by {@link #write}). */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the file's content; an exception leaves the target unchanged.
     *
     * @param out the stream (not to be closed)
     * @throws IOException when writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes}. The target's directory must exist.
   *
   * @param target the file to replace
   * @param bytes its new content
   * @throws IOException when the file cannot be written or moved into place
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Replaces {@code target} with what {@code body} writes. The target's directory must exist.
   *
   * @param target the file to replace
   * @param body writes its new content
   * @throws IOException when {@code body} fails or the file cannot be written or moved into place
   */
  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    String tmpName = "." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    Path tmp = dir.resolve(tmpName);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
           OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
