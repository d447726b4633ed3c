package io.bmo.jobs.run;

import io.bmo.core.train.ExampleSource;
import io.bmo.datasets.io.Npy;
import io.bmo.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Training pairs read straight from two {@code .npy} files (signals (N, m), codes (N, n); float64, C order) on any
 * Hadoop file system, row range by row range: each Spark task seeks to its own rows, so neither the driver nor an
 * executor ever holds the data set (memory O(block)). The driver only reads the headers and streams the values once
 * to check they are finite.
 *
 * <p>Streams are opened lazily per thread on first use (with a default Hadoop {@link Configuration}, i.e. the
 * executor's core-site / HADOOP_CONF_DIR) and reused.
 */
public final class NpyRowSource implements ExampleSource {
  private static final long serialVersionUID = 1L;
  /** Bytes streamed per read when checking values on the driver. */
  private static final int CHECK_CHUNK = 1 << 20;

  /** The signals' file (Hadoop URI). */
  private final String signals;
  /** The codes' file (Hadoop URI). */
  private final String codes;
  /** Signal length. */
  private final int m;
  /** Code length. */
  private final int n;
  /** Number of examples. */
  private final long count;
  /** Byte offset of the first signal value. */
  private final long signalsOffset;
  /** Byte offset of the first code value. */
  private final long codesOffset;
  private transient volatile ThreadLocal<Streams> streams;

  private NpyRowSource(String signals, String codes, int m, int n, long count, long so, long co) {
    this.signals = signals;
    this.codes = codes;
    this.m = m;
    this.n = n;
    this.count = count;
    this.signalsOffset = so;
    this.codesOffset = co;
  }

  /**
   * Opens the pair, or returns null when either file is not a 2-D little-endian float64 C-order .npy (then the
   * caller reads it whole). Shapes must be (N, m) and (N, n); values must be finite.
   *
   * @param signalsUri the signals' {@code .npy} file
   * @param codesUri the codes' {@code .npy} file
   * @param m signal length
   * @param n code length
   * @param conf the Hadoop configuration
   * @return the source, or null
   * @throws UserError naming the file for a missing file, a shape mismatch or a non-finite value
   */
  public static NpyRowSource open(String signalsUri, String codesUri, int m, int n, Configuration conf) {
    Npy.Info bi = info(signalsUri, conf);
    Npy.Info xi = info(codesUri, conf);
    if (!streamable(bi) || !streamable(xi)) {
      return null;
    }
    if (bi.shape()[1] != m) {
      throw new UserError(signalsUri + ": shape (" + bi.shape()[0] + ", " + bi.shape()[1] + ") does not match"
          + " expected (*, " + m + ")");
    }
    if (xi.shape()[1] == n && xi.shape()[0] != bi.shape()[0]) {
      throw new UserError(MatrixFiles.rowMismatch(codesUri, xi.shape()[0], signalsUri, bi.shape()[0]));
    }
    if (xi.shape()[0] != bi.shape()[0] || xi.shape()[1] != n) {
      throw new UserError(codesUri + ": shape (" + xi.shape()[0] + ", " + xi.shape()[1] + ") does not match"
          + " expected (" + bi.shape()[0] + ", " + n + ")");
    }
    checkFinite(signalsUri, bi, conf);
    checkFinite(codesUri, xi, conf);
    return new NpyRowSource(signalsUri, codesUri, m, n, bi.shape()[0], bi.dataOffset(), xi.dataOffset());
  }

  private static boolean streamable(Npy.Info i) {
    return i.shape().length == 2 && i.itemSize() == 8 && !i.bigEndian() && !i.fortranOrder();
  }

  private static Npy.Info info(String uri, Configuration conf) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new UserError(uri + ": file not found");
      }
      try (InputStream in = fs.open(p)) {
        Npy.Info info = Npy.readInfo(in, uri);
        long need = info.dataOffset() + (long) info.itemSize() * product(info.shape());
        long have = fs.getFileStatus(p).getLen();
        if (have != need) {
          throw new UserError(uri + ": " + (have < need ? "truncated" : "trailing bytes") + ": header needs " + need
              + " bytes, file has " + have);
        }
        return info;
      }
    } catch (io.bmo.datasets.io.DataFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(uri + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static long product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }

  private static void checkFinite(String uri, Npy.Info info, Configuration conf) {
    try {
      Path p = new Path(uri);
      try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
        in.seek(info.dataOffset());
        long values = product(info.shape());
        byte[] buf = new byte[CHECK_CHUNK];
        long index = 0;
        while (index < values) {
          int len = (int) Math.min(buf.length / 8, values - index);
          in.readFully(buf, 0, len * 8);
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, len * 8).order(ByteOrder.LITTLE_ENDIAN);
          for (int k = 0; k < len; k++) {
            if (!Double.isFinite(bb.getDouble())) {
              throw new UserError(uri + ": contains NaN or Inf at index " + (index + k));
            }
          }
          index += len;
        }
      }
    } catch (IOException e) {
      throw new UserError(uri + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** One thread's open streams and buffer. */
  private static final class Streams {
    FSDataInputStream b;
    FSDataInputStream x;
    byte[] buf = new byte[0];
  }

  private Streams streams() {
    ThreadLocal<Streams> t = streams;
    if (t == null) {
      synchronized (this) {
        if (streams == null) {
          streams = ThreadLocal.withInitial(Streams::new);
        }
        t = streams;
      }
    }
    Streams s = t.get();
    if (s.b == null) {
      try {
        Configuration conf = new Configuration();
        s.b = new Path(signals).getFileSystem(conf).open(new Path(signals));
        s.x = new Path(codes).getFileSystem(conf).open(new Path(codes));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + signals + " / " + codes, e);
      }
    }
    return s;
  }

  @Override
  public int signalDim() {
    return m;
  }

  @Override
  public int codeDim() {
    return n;
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void fill(long first, int cols, double[] b, double[] x) {
    if (first < 0 || first + cols > count) {
      throw new IndexOutOfBoundsException("rows " + first + ".." + (first + cols) + " outside 0.." + count);
    }
    Streams s = streams();
    read(s, s.b, signalsOffset, first, cols, m, b);
    read(s, s.x, codesOffset, first, cols, n, x);
  }

  private static void read(Streams s, FSDataInputStream in, long offset, long first, int cols, int width,
      double[] out) {
    int bytes = cols * width * 8;
    if (s.buf.length < bytes) {
      s.buf = new byte[bytes];
    }
    try {
      in.seek(offset + first * width * 8L);
      in.readFully(s.buf, 0, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer.wrap(s.buf, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out, 0, cols * width);
  }
}
