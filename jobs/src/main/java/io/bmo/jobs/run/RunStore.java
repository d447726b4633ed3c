package io.bmo.jobs.run;

import io.bmo.core.optim.OptState;
import io.bmo.core.param.ParamLayout;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run directory on any Hadoop file system (local paths, file://, hdfs://, s3a://): outputs, and checkpoints
 * written so that a crash never leaves a half-written one visible.
 *
 * <p>Checkpoint t lives in {@code checkpoints/step-<t>/} ({@code omega/*.npy}, {@code optimizer/*.npy},
 * {@code state.json}, {@code metrics.csv}). It is written under a temporary name and renamed into place (a
 * directory rename is atomic on HDFS and POSIX file systems); resume takes the highest complete step. Files are
 * written as temporary name + rename too. Nothing uses Java serialization.
 */
public final class RunStore {
  private static final String CHECKPOINTS = "checkpoints";
  private static final String STEP_PREFIX = "step-";
  /** Complete checkpoints kept; older ones are deleted after a new one lands. */
  private static final int KEEP = 2;

  private final FileSystem fs;
  private final Path root;

  /**
   * The run directory {@code dir} (not created).
   *
   * @param dir a local path or Hadoop URI
   * @param conf the Hadoop configuration
   * @throws IOException when its file system cannot be opened
   */
  public RunStore(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    FileSystem resolved = p.getFileSystem(conf);
    // No .crc side files in local run directories (the local FS is a checksumming wrapper by default); also set on
    // the instance Hadoop caches for the URI, which other writers into the run directory (shard states) resolve.
    resolved.setWriteChecksum(false);
    resolved.setVerifyChecksum(false);
    // local run directories: the same file system without a chmod process per file (ForklessLocalFileSystem)
    this.fs = resolved.getClass() == LocalFileSystem.class ? ForklessLocalFileSystem.create(conf) : resolved;
    fs.setWriteChecksum(false);
    fs.setVerifyChecksum(false);
    this.root = fs.makeQualified(p);
  }

  /**
   * Fully qualified URI of the run directory.
   *
   * @return the URI
   */
  public String uri() {
    return root.toString();
  }

  /**
   * Whether the directory exists.
   *
   * @return true when it exists
   * @throws IOException when the file system cannot be asked
   */
  public boolean exists() throws IOException {
    return fs.exists(root);
  }

  /**
   * True when the directory exists and has any entry.
   *
   * @return whether it has an entry
   * @throws IOException when the file system cannot be asked
   */
  public boolean nonEmpty() throws IOException {
    return fs.exists(root) && fs.listStatus(root).length > 0;
  }

  /**
   * Creates the directory and its parents.
   *
   * @throws IOException when it cannot be created
   */
  public void mkdirs() throws IOException {
    fs.mkdirs(root);
  }

  /**
   * Writes bytes to {@code rel} via a temporary file and a rename.
   *
   * @param rel a path relative to the run directory
   * @param bytes the content
   * @throws IOException when it cannot be written
   */
  public void write(String rel, byte[] bytes) throws IOException {
    writeTo(new Path(root, rel), out -> out.write(bytes));
  }

  /**
   * Writes UTF-8 text to {@code rel} via a temporary file and a rename.
   *
   * @param rel a path relative to the run directory
   * @param s the text
   * @throws IOException when it cannot be written
   */
  public void writeString(String rel, String s) throws IOException {
    write(rel, s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a whole file.
   *
   * @param rel a path relative to the run directory
   * @return its bytes
   * @throws IOException when it cannot be read
   */
  public byte[] read(String rel) throws IOException {
    try (InputStream in = fs.open(new Path(root, rel))) {
      return in.readAllBytes();
    }
  }

  /**
   * Whether a file or directory exists.
   *
   * @param rel a path relative to the run directory
   * @return true when it exists
   * @throws IOException when the file system cannot be asked
   */
  public boolean exists(String rel) throws IOException {
    return fs.exists(new Path(root, rel));
  }

  /**
   * Writes each ω block to {@code rel/<name>.npy}.
   *
   * @param rel a directory relative to the run directory
   * @param layout the blocks
   * @param omega ω
   * @throws IOException when a file cannot be written
   */
  public void writeOmega(String rel, ParamLayout layout, double[] omega) throws IOException {
    writeOmega(new Path(root, rel), layout, omega);
  }

  private void writeOmega(Path dir, ParamLayout layout, double[] omega) throws IOException {
    fs.mkdirs(dir);
    for (ParamLayout.Block b : layout.blocks()) {
      double[] part = Arrays.copyOfRange(omega, b.offset(), b.offset() + b.size());
      int[] shape = b.shape();
      NpyArray arr = shape.length == 1 ? Npy.ofVector(part) : Npy.ofMatrix(shape[0], shape[1], part);
      writeTo(new Path(dir, b.name() + ".npy"), out -> Npy.write(out, arr));
    }
  }

  /**
   * Reads ω blocks from {@code rel/<name>.npy}, checking shapes.
   *
   * @param rel a directory relative to the run directory
   * @param layout the blocks
   * @return ω
   * @throws IOException when a file is missing, damaged or of another shape
   */
  public double[] readOmega(String rel, ParamLayout layout) throws IOException {
    double[] omega = new double[layout.size()];
    Path dir = new Path(root, rel);
    for (ParamLayout.Block b : layout.blocks()) {
      readBlock(new Path(dir, b.name() + ".npy"), b, omega);
    }
    return omega;
  }

  private void readBlock(Path f, ParamLayout.Block b, double[] omega) throws IOException {
    try (InputStream in = fs.open(f)) {
      NpyArray a = Npy.read(in, f.toString(), fs.getFileStatus(f).getLen());
      Npy.requireShape(a, f.toString(), b.shape());
      System.arraycopy(a.data(), 0, omega, b.offset(), b.size());
    }
  }

  /**
   * Copies into {@code omega} every block of {@code layout} that directory {@code rel} holds as {@code <name>.npy}
   * (of the block's shape), leaving the others.
   *
   * @param rel the directory, relative to the run (e.g. {@code omega})
   * @param layout the blocks of ω
   * @param omega ω, modified: the blocks found are overwritten
   * @return the names of the blocks copied, in layout order
   * @throws io.bmo.datasets.io.DataFormatException naming the file when a block is there with another shape or
   *     damaged
   * @throws IOException when a file cannot be read
   */
  public java.util.List<String> readOmegaBlocks(String rel, ParamLayout layout, double[] omega) throws IOException {
    java.util.List<String> copied = new java.util.ArrayList<>();
    Path dir = new Path(root, rel);
    for (ParamLayout.Block b : layout.blocks()) {
      Path f = new Path(dir, b.name() + ".npy");
      if (fs.exists(f)) {
        readBlock(f, b, omega);
        copied.add(b.name());
      }
    }
    return copied;
  }

  /** A checkpoint as read back. */
  public record Checkpoint(long step, double[] omega, OptState state, MetricsLog metrics) {}

  /**
   * Writes checkpoint {@code step} (ω after {@code step} updates) atomically and prunes old ones.
   *
   * @param step updates done
   * @param layout the blocks of ω
   * @param omega ω after {@code step} updates
   * @param state the optimizer's state
   * @param metrics the per-step metrics so far
   * @throws IOException when a file cannot be written
   */
  public void writeCheckpoint(long step, ParamLayout layout, double[] omega, OptState state, MetricsLog metrics)
      throws IOException {
    writeCheckpoint(step, layout, omega, state, metrics, null);
  }

  /** Writes more files into a checkpoint's temporary directory before it is renamed into place. */
  @FunctionalInterface
  public interface ExtraWriter {
    /**
     * @param tmpDir fully qualified URI of the temporary checkpoint directory
     * @throws IOException when a file cannot be written
     */
    void write(String tmpDir) throws IOException;
  }

  /**
   * As {@link #writeCheckpoint(long, ParamLayout, double[], OptState, MetricsLog)}, with {@code extra} (may be null)
   * writing further files (e.g. shard states, from the executors) into the temporary directory before the rename.
   *
   * @param step updates done
   * @param layout the blocks of ω
   * @param omega ω after {@code step} updates
   * @param state the optimizer's state
   * @param metrics the per-step metrics so far
   * @param extra writes more files, or null
   * @throws IOException when a file cannot be written
   */
  public void writeCheckpoint(long step, ParamLayout layout, double[] omega, OptState state, MetricsLog metrics,
      ExtraWriter extra) throws IOException {
    Path dir = new Path(root, CHECKPOINTS);
    fs.mkdirs(dir);
    String name = String.format("%s%09d", STEP_PREFIX, step);
    Path tmp = new Path(dir, ".tmp-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    fs.mkdirs(tmp);
    try {
      writeOmega(new Path(tmp, "omega"), layout, omega);
      pauseForFaultInjection();
      Path opt = new Path(tmp, "optimizer");
      fs.mkdirs(opt);
      for (Map.Entry<String, double[]> e : state.arrays().entrySet()) {
        NpyArray arr = Npy.ofVector(e.getValue());
        writeTo(new Path(opt, e.getKey() + ".npy"), out -> Npy.write(out, arr));
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("step", state.step());
      fields.put("optimizer_arrays", List.copyOf(state.arrays().keySet()));
      String json = Json.line(fields) + "\n";
      writeTo(new Path(tmp, "state.json"), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
      byte[] csv = metrics.toCsv().getBytes(StandardCharsets.UTF_8);
      writeTo(new Path(tmp, "metrics.csv"), out -> out.write(csv));
      if (extra != null) {
        extra.write(tmp.toString());
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, true); // the half-written checkpoint; the complete ones stay as they are
      } catch (IOException | FSError ignored) {
        // the original failure is the one to report
      }
      throw e;
    }
    Path fin = new Path(dir, name);
    if (fs.exists(fin)) {
      fs.delete(fin, true);
    }
    if (!fs.rename(tmp, fin)) {
      throw new IOException("could not rename " + tmp + " to " + fin);
    }
    List<String> done = completeCheckpoints();
    for (int i = 0; i < done.size() - KEEP; i++) {
      fs.delete(new Path(dir, done.get(i)), true);
    }
  }

  /**
   * Fault injection for conf/fault-checks.sh: with {@code -Dbmo.test.checkpoint-pause-ms=N} every checkpoint stops
   * for N ms half-written (ω in the temporary directory, the rest not yet), so a driver can be killed right there.
   */
  private static void pauseForFaultInjection() throws IOException {
    long ms = Long.getLong("bmo.test.checkpoint-pause-ms", 0L);
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing a checkpoint", e);
      }
    }
  }

  /**
   * Fully qualified URI of checkpoint {@code step}'s directory (complete or not).
   *
   * @param step updates done
   * @return the URI
   */
  public String checkpointUri(long step) {
    return new Path(new Path(root, CHECKPOINTS), String.format("%s%09d", STEP_PREFIX, step)).toString();
  }

  /**
   * Names of complete checkpoints, ascending by step.
   *
   * @return the directory names
   * @throws IOException when the checkpoints cannot be listed
   */
  public List<String> completeCheckpoints() throws IOException {
    Path dir = new Path(root, CHECKPOINTS);
    List<String> names = new ArrayList<>();
    if (!fs.exists(dir)) {
      return names;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isDirectory() && n.startsWith(STEP_PREFIX)) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * The latest complete checkpoint, or null when there is none.
   *
   * @param layout the blocks of ω
   * @return the checkpoint, or null
   * @throws IOException when a file of it cannot be read or is damaged
   */
  public Checkpoint latestCheckpoint(ParamLayout layout) throws IOException {
    List<String> done = completeCheckpoints();
    if (done.isEmpty()) {
      return null;
    }
    String name = done.get(done.size() - 1);
    String base = CHECKPOINTS + "/" + name;
    double[] omega = readOmega(base + "/omega", layout);
    OptState st = new OptState();
    Path opt = new Path(root, base + "/optimizer");
    if (fs.exists(opt)) {
      for (FileStatus s : fs.listStatus(opt)) {
        String fn = s.getPath().getName();
        if (fn.endsWith(".npy")) {
          try (InputStream in = fs.open(s.getPath())) {
            st.put(fn.substring(0, fn.length() - 4), Npy.read(in, s.getPath().toString(), s.getLen()).data());
          }
        }
      }
    }
    long step = Long.parseLong(name.substring(STEP_PREFIX.length()));
    st.setStep(step);
    String csv = new String(read(base + "/metrics.csv"), StandardCharsets.UTF_8);
    return new Checkpoint(step, omega, st, MetricsLog.fromCsv(csv, uri() + "/" + base + "/metrics.csv"));
  }

  /** Writer callback. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * A failed write as one line, {@code cannot write <target>: <root cause>}, after deleting {@code partial}
   * (recursively) so nothing half-written stays; a failure of that deletion is dropped for the original one.
   */
  static IOException writeFailure(FileSystem fs, Path partial, Path target, Throwable e) {
    try {
      fs.delete(partial, true);
    } catch (IOException | FSError ignored) {
      // the original failure is the one to report
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new IOException("cannot write " + target + ": " + root.getMessage(), e);
  }

  private void writeTo(Path target, Body body) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      body.writeTo(out);
    } catch (IOException | FSError e) {
      // A full or read-only file system: name the file, drop the partial temporary file, keep the target as it was.
      throw writeFailure(fs, tmp, target, e);
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }

  /**
   * The Hadoop file system of this store (for data files next to it).
   *
   * @return the file system
   */
  public FileSystem fileSystem() {
    return fs;
  }
}
