package io.bmo.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** The values part of a {@code .npy} stream, read after its header ({@link Npy}). */
final class NpyValues {
  /** Bytes converted per chunk: large enough to amortize the read call, small enough to stay in L2 cache. */
  static final int CHUNK_BYTES = 1 << 16;
  /** Values allocated up front when the stream length is unknown; the array then doubles as data arrives. */
  private static final int INITIAL_VALUES = 1 << 16;

  private NpyValues() {}

  /**
   * Reads {@code header.count()} values into a new array, converting byte order and widening float32.
   *
   * @param available bytes left in the stream, or -1 if unknown (then the array grows as values arrive)
   */
  static double[] read(InputStream in, String name, NpyHeader header, long available)
      throws IOException {
    int count = header.count();
    int itemSize = header.itemSize();
    if (available >= 0 && available < (long) count * itemSize) {
      throw truncated(name, count, available / itemSize, (int) (available % itemSize));
    }
    double[] out = new double[available >= 0 ? count : Math.min(count, INITIAL_VALUES)];
    byte[] buf = new byte[CHUNK_BYTES];
    int done = 0;
    while (done < count) {
      int want = Math.min(count - done, CHUNK_BYTES / itemSize);
      if (done + want > out.length) {
        out = Arrays.copyOf(out, (int) Math.min(count, Math.max(2L * out.length, (long) done + want)));
      }
      int got = in.readNBytes(buf, 0, want * itemSize);
      int whole = got / itemSize;
      ByteBuffer bytes = ByteBuffer.wrap(buf, 0, whole * itemSize).order(header.order());
      if (itemSize == 8) {
        bytes.asDoubleBuffer().get(out, done, whole);
      } else {
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int k = 0; k < whole; k++) {
          out[done + k] = floats.get(k);
        }
      }
      done += whole;
      if (got < want * itemSize) {
        throw truncated(name, count, done, got % itemSize);
      }
    }
    return out;
  }

  private static DataFormatException truncated(String name, int count, long values, int stray) {
    return new DataFormatException(name, "truncated: header says " + count + " values, file has " + values
        + (stray != 0 ? " and " + stray + " stray bytes" : ""));
  }
}
