package io.bmo.jobs.ml;

import io.bmo.core.param.ParamLayout;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The directory of a saved pipeline stage on any Hadoop file system ({@code file://}, {@code hdfs://},
 * {@code s3a://}, plain local paths): text and {@code .npy} files at paths relative to it. Arrays are written with
 * {@link Npy} (float64, C order: bit-exact, readable by {@code np.load}); no Java serialization. Messages name the
 * full path of the file involved.
 */
final class StageFiles {
  private final FileSystem fs;
  private final Path root;

  /** The stage directory {@code dir}; nothing is created until something is written. */
  StageFiles(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    this.fs = p.getFileSystem(conf);
    // No .crc side files next to the arrays (the local file system is a checksumming wrapper by default).
    fs.setWriteChecksum(false);
    fs.setVerifyChecksum(false);
    this.root = fs.makeQualified(p);
  }

  /** The qualified URI of the stage directory. */
  String uri() {
    return root.toString();
  }

  /** Whether the stage directory exists and is a directory. */
  boolean isDirectory() throws IOException {
    return fs.exists(root) && fs.getFileStatus(root).isDirectory();
  }

  /** Whether {@code rel} exists. */
  boolean exists(String rel) throws IOException {
    return fs.exists(new Path(root, rel));
  }

  /** Writes {@code text} (UTF-8) to {@code rel}, replacing it. */
  void writeText(String rel, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(root, rel), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The text of the first visible file (name not starting with {@code .} or {@code _}, in name order) in directory
   * {@code rel}, as Spark's text writer leaves one part file there.
   *
   * @throws IOException naming {@code rel}'s full path when it is missing or holds no such file
   */
  String readFirstPart(String rel) throws IOException {
    Path dir = new Path(root, rel);
    if (!fs.exists(dir)) {
      throw new IOException(dir + ": not found");
    }
    FileStatus[] files = fs.listStatus(dir);
    Arrays.sort(files, (x, y) -> x.getPath().getName().compareTo(y.getPath().getName()));
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
        try (InputStream in = fs.open(f.getPath())) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new IOException(dir + ": no metadata file in it");
  }

  /** Writes {@code array} to {@code rel} (a {@code .npy} file), replacing it. */
  void writeNpy(String rel, NpyArray array) throws IOException {
    try (OutputStream out = fs.create(new Path(root, rel), true)) {
      Npy.write(out, array);
    }
  }

  /**
   * Reads the {@code .npy} file {@code rel} and checks its shape ({@code -1} matches any size) and that every value
   * is finite.
   *
   * @throws IOException naming the file when it is missing, malformed, of another shape or not finite
   */
  NpyArray readNpy(String rel, int... shape) throws IOException {
    Path f = new Path(root, rel);
    if (!fs.exists(f)) {
      throw new IOException(f + ": missing");
    }
    try (InputStream in = fs.open(f)) {
      NpyArray a = Npy.read(in, f.toString());
      Npy.requireShape(a, f.toString(), shape);
      Npy.requireFinite(a, f.toString());
      return a;
    }
  }

  /** Writes each block of {@code omega} to {@code rel/<block>.npy} with the block's shape (as a run's omega/). */
  void writeOmega(String rel, ParamLayout layout, double[] omega) throws IOException {
    for (ParamLayout.Block b : layout.blocks()) {
      double[] part = Arrays.copyOfRange(omega, b.offset(), b.offset() + b.size());
      int[] shape = b.shape();
      writeNpy(rel + "/" + b.name() + ".npy",
          shape.length == 1 ? Npy.ofVector(part) : Npy.ofMatrix(shape[0], shape[1], part));
    }
  }

  /** Reads ω from {@code rel/<block>.npy}; every block must exist with exactly its shape and finite values. */
  double[] readOmega(String rel, ParamLayout layout) throws IOException {
    double[] omega = new double[layout.size()];
    for (ParamLayout.Block b : layout.blocks()) {
      NpyArray a = readNpy(rel + "/" + b.name() + ".npy", b.shape());
      System.arraycopy(a.data(), 0, omega, b.offset(), b.size());
    }
    return omega;
  }
}
