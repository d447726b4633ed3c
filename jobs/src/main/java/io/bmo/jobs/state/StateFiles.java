package io.bmo.jobs.state;

import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.train.ShardPlan;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One shard's {@link ExampleState} as {@code .npy} files in {@code <dir>/shard-<s>/} (any Hadoop URI):
 * {@code primal.npy} (count × primalWidth, row = example), {@code adjoint.npy} (count × adjointWidth; a 0-length
 * vector when the width is 0) and {@code last_steps.npy} (count values, float64: exact for steps below 2⁵³, −1 =
 * never visited). No Java serialization. Each file is written under a temporary name and renamed, so a retried
 * task rewrites the same bytes.
 */
public final class StateFiles {
  private StateFiles() {}

  /**
   * The directory of shard {@code s} under {@code dir}.
   *
   * @param dir the states directory
   * @param s the shard
   * @return the shard's directory
   */
  public static String shardDir(String dir, int s) {
    return dir + "/" + String.format("shard-%05d", s);
  }

  /**
   * Writes {@code state} as shard {@code s} under {@code dir}.
   *
   * @param dir the states directory (Hadoop URI)
   * @param s the shard
   * @param state the shard's state
   * @param conf the Hadoop configuration
   * @throws IOException when a file cannot be written
   */
  public static void write(String dir, int s, ExampleState state, Configuration conf) throws IOException {
    Path d = new Path(shardDir(dir, s));
    FileSystem fs = d.getFileSystem(conf);
    fs.setWriteChecksum(false);
    fs.mkdirs(d);
    int n = state.count();
    write(fs, new Path(d, "primal.npy"), Npy.ofMatrix(n, state.primalWidth(), state.primal()));
    write(fs, new Path(d, "adjoint.npy"), state.adjointWidth() == 0 ? Npy.ofVector(new double[0])
        : Npy.ofMatrix(n, state.adjointWidth(), state.adjoint()));
    long[] ls = state.lastSteps();
    double[] steps = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = ls[i];
    }
    write(fs, new Path(d, "last_steps.npy"), Npy.ofVector(steps));
  }

  private static void write(FileSystem fs, Path target, NpyArray a) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      Npy.write(out, a);
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
   * Reads shard {@code s} of {@code plan} from {@code dir}, checking every shape.
   *
   * @param dir the states directory (Hadoop URI)
   * @param plan the training set's shards
   * @param s the shard
   * @param primalWidth values per example of the primal state
   * @param adjointWidth values per example of the adjoint state
   * @param conf the Hadoop configuration
   * @return the state
   * @throws IOException naming the file whose shape does not match the plan and widths
   */
  public static ExampleState read(String dir, ShardPlan plan, int s, int primalWidth, int adjointWidth,
      Configuration conf) throws IOException {
    Path d = new Path(shardDir(dir, s));
    FileSystem fs = d.getFileSystem(conf);
    fs.setVerifyChecksum(false);
    int n = Math.toIntExact(plan.end(s) - plan.start(s));
    double[] primal = read(fs, new Path(d, "primal.npy"), (long) n * primalWidth);
    double[] adjoint = read(fs, new Path(d, "adjoint.npy"), (long) n * adjointWidth);
    double[] steps = read(fs, new Path(d, "last_steps.npy"), n);
    long[] ls = new long[n];
    for (int i = 0; i < n; i++) {
      ls[i] = (long) steps[i];
      if (ls[i] != steps[i]) {
        throw new IOException(d + "/last_steps.npy: value " + steps[i] + " is not an integer step");
      }
    }
    try {
      return ExampleState.restore(plan.start(s), n, primalWidth, adjointWidth, primal, adjoint, ls);
    } catch (IllegalArgumentException e) {
      throw new IOException(d + ": " + e.getMessage(), e);
    }
  }

  private static double[] read(FileSystem fs, Path f, long expected) throws IOException {
    try (InputStream in = fs.open(f)) {
      NpyArray a = Npy.read(in, f.toString(), fs.getFileStatus(f).getLen());
      if (a.data().length != expected) {
        throw new IOException(f + ": " + a.shapeString() + " holds " + a.data().length + " values, expected "
            + expected);
      }
      return a.data();
    }
  }
}
