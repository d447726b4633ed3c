package io.bmo.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system without chmod processes against Hadoop's own: the same permissions on created files and
 * directories under two umasks, and after setting every mode of one class; local run directories use it.
 */
class ForklessLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  void create(FileSystem fs, String sub) throws IOException {
    Path d = new Path(dir.resolve(sub).toUri());
    fs.mkdirs(new Path(d, "a/b"));
    try (OutputStream out = fs.create(new Path(d, "a/b/file.npy"), true)) {
      out.write(42);
    }
  }

  @Test
  void createsWithHadoopsPermissionsUnderEachUmask() throws IOException {
    for (String umask : new String[] {"022", "027", "077"}) {
      Configuration conf = new Configuration();
      conf.set("fs.permissions.umask-mode", umask);
      LocalFileSystem stock = new LocalFileSystem();
      stock.initialize(java.net.URI.create("file:///"), conf);
      create(stock, "stock" + umask);
      create(ForklessLocalFileSystem.create(conf), "forkless" + umask);
      for (String rel : new String[] {"a", "a/b", "a/b/file.npy"}) {
        assertEquals(mode(dir.resolve("stock" + umask).resolve(rel)), mode(dir.resolve("forkless" + umask)
            .resolve(rel)), rel + " under umask " + umask);
      }
      stock.close();
    }
  }

  @Test
  void setsEveryModeAsHadoopDoes() throws IOException {
    Configuration conf = new Configuration();
    LocalFileSystem stock = new LocalFileSystem();
    stock.initialize(java.net.URI.create("file:///"), conf);
    LocalFileSystem forkless = ForklessLocalFileSystem.create(conf);
    java.nio.file.Path a = Files.writeString(dir.resolve("a"), "a");
    java.nio.file.Path b = Files.writeString(dir.resolve("b"), "b");
    for (int m = 0; m < 512; m += 7) { // every user, group and other action appears
      FsPermission p = new FsPermission((short) (m | 0600)); // keep the owner able to read and change it
      stock.setPermission(new Path(a.toUri()), p);
      forkless.setPermission(new Path(b.toUri()), p);
      assertEquals(mode(a), mode(b), p.toString());
    }
    stock.close();
  }

  @Test
  void localRunDirectoriesUseIt() throws IOException {
    RunStore store = new RunStore(dir.resolve("run").toString(), new Configuration());
    assertInstanceOf(LocalFileSystem.class, store.fileSystem());
    assertSame(ForklessLocalFileSystem.class, ((LocalFileSystem) store.fileSystem()).getRawFileSystem().getClass());
  }
}
