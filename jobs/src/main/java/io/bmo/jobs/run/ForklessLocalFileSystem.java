package io.bmo.jobs.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with permissions set through {@code java.nio}. Without Hadoop's native library (not
 * bundled, and absent on most machines) the stock local file system starts a {@code chmod} process for every file it
 * creates and every directory it makes: about 10 ms each here, so a checkpoint of three arrays took 0.12 s, nine
 * tenths of it in those processes. The permissions are the same (the umask applied by Hadoop as before); a sticky
 * bit, or a file system without POSIX attributes, goes to Hadoop's own way.
 */
final class ForklessLocalFileSystem extends RawLocalFileSystem {
  /**
   * A checksumming local file system (what {@code file:} paths resolve to) on this raw one.
   *
   * @param conf the Hadoop configuration (umask)
   * @return the file system, initialised
   * @throws IOException when it cannot be initialised
   */
  static LocalFileSystem create(Configuration conf) throws IOException {
    LocalFileSystem fs = new LocalFileSystem(new ForklessLocalFileSystem());
    fs.initialize(URI.create("file:///"), conf);
    return fs;
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    Set<PosixFilePermission> posix = EnumSet.noneOf(PosixFilePermission.class);
    add(posix, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(posix, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(posix, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission);
    }
  }

  private static void add(Set<PosixFilePermission> to, FsAction a, PosixFilePermission r, PosixFilePermission w,
      PosixFilePermission x) {
    if (a.implies(FsAction.READ)) {
      to.add(r);
    }
    if (a.implies(FsAction.WRITE)) {
      to.add(w);
    }
    if (a.implies(FsAction.EXECUTE)) {
      to.add(x);
    }
  }
}
