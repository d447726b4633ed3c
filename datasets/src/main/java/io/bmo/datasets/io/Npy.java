package io.bmo.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes numpy {@code .npy} files (format described in {@code numpy/lib/format.py}).
 *
 * <p><b>Read:</b> format versions 1.0, 2.0 and 3.0; dtypes {@code <f8}, {@code >f8}, {@code <f4}, {@code >f4}
 * (float32 is widened to double, which is exact); {@code fortran_order} True or False; rank 0 (returned as shape
 * {@code (1)}), 1 or 2. The result is always row-major (see {@link NpyArray}). Anything else — other dtypes, rank
 * &gt; 2, bad magic, malformed header, truncated data, bytes after the data — is a {@link DataFormatException} whose
 * one-line message names the file and the problem.
 *
 * <p><b>Write:</b> always version 1.0, little-endian float64 ({@code <f8}), C order, header padded with spaces and a
 * final newline so that the data starts at a multiple of 64 bytes, as numpy itself writes it; {@code np.load} reads
 * the result back bit for bit.
 *
 * <p><b>Why our own.</b> No maintained Java library reads and writes {@code .npy} with these guarantees on plain
 * streams (Hadoop file systems included, row ranges read in place by the executors): bit-exact float64 round trips
 * with numpy, one-line errors naming the file, and no native or Python dependency. The format is a short,
 * stable header plus raw little- or big-endian values, so the whole reader is small enough to test exhaustively.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** numpy aligns the data start to 64 bytes (format.py {@code ARRAY_ALIGN}) so it can be memory-mapped. */
  private static final int ALIGN = 64;
  /**
   * Largest header accepted. numpy's own reader refuses headers over 10 000 bytes by default; our float arrays have
   * headers under 128 bytes, so 64 KiB only guards against allocating gigabytes for a corrupt length field.
   */
  private static final int MAX_HEADER_BYTES = 1 << 16;

  private Npy() {}

  /**
   * Reads {@code file}; error messages name it as {@code file.toString()}. The header's shape is checked against the
   * file size before the values are allocated.
   *
   * @param file a {@code .npy} file
   * @return the array, row-major
   * @throws IOException when the file cannot be read or is not a supported {@code .npy} array
   */
  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), Files.size(file));
    }
  }

  /**
   * Where a .npy file's values live: its shape, the byte offset of the first value, bytes per value, byte order and
   * memory order. Lets a reader seek to rows of a C-order 2-D array without reading the rest (e.g. a Spark task
   * reading only its shard).
   *
   * @param shape the array shape (rank 0 reported as (1))
   * @param dataOffset bytes before the first value
   * @param itemSize 8 (float64) or 4 (float32)
   * @param bigEndian byte order of the values
   * @param fortranOrder whether 2-D data is stored column by column
   */
  public record Info(int[] shape, long dataOffset, int itemSize, boolean bigEndian, boolean fortranOrder) {}

  private record Layout(NpyHeader header, long dataOffset) {}

  /**
   * Reads only the header of a .npy stream (the stream is left at the first value).
   *
   * @param in the stream, at the magic string
   * @param name file or stream name used in error messages
   * @return the header
   * @throws IOException when the stream cannot be read or the header is not a supported one
   */
  public static Info readInfo(InputStream in, String name) throws IOException {
    Layout l = readLayout(in, name);
    return new Info(l.header.shape(), l.dataOffset, l.header.itemSize(),
        l.header.order() == ByteOrder.BIG_ENDIAN, l.header.fortranOrder());
  }

  private static Layout readLayout(InputStream in, String name) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length + 2);
    for (int k = 0; k < MAGIC.length; k++) {
      if (k >= magic.length || magic[k] != MAGIC[k]) {
        throw new DataFormatException(name, "not a .npy file (bad magic; expected \\x93NUMPY)");
      }
    }
    if (magic.length < MAGIC.length + 2) {
      throw new DataFormatException(name, "truncated: file ends inside the format version");
    }
    int major = magic[6] & 0xff;
    int minor = magic[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new DataFormatException(name, "format version " + major + "." + minor + " not supported (need 1.0-3.0)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] len = in.readNBytes(lengthBytes);
    if (len.length < lengthBytes) {
      throw new DataFormatException(name, "truncated: file ends inside the header length");
    }
    ByteBuffer lenLe = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = lengthBytes == 2 ? lenLe.getShort(0) & 0xffffL : lenLe.getInt(0) & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new DataFormatException(name, "header length " + headerLength + " exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new DataFormatException(name, "truncated: header says " + headerLength + " bytes, file has "
          + headerBytes.length);
    }
    // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8 (format.py, _header_encoding).
    String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(text, name);

    return new Layout(header, MAGIC.length + 2L + lengthBytes + headerLength);
  }

  /**
   * Reads one array from {@code in}, which must hold exactly one {@code .npy} image and nothing after it. The stream
   * is consumed to its end but not closed (the caller owns it, e.g. a Hadoop {@code FSDataInputStream}).
   *
   * @param name file or stream name used in error messages
   * @param in the stream, at the magic string
   * @return the array, row-major
   * @throws IOException when the stream cannot be read or is not a supported {@code .npy} array
   */
  public static NpyArray read(InputStream in, String name) throws IOException {
    return read(in, name, -1);
  }

  /**
   * Like {@link #read(InputStream, String)}, for a stream of known total length (e.g. a file's size): a header
   * declaring more values than the stream holds is rejected before anything is allocated. With {@code length < 0}
   * (unknown) the values array grows with the data actually read, so a corrupt header costs at most about twice the
   * memory of the bytes present, never the size it claims.
   *
   * @param length bytes in the whole stream from its current position (magic included), or -1 if unknown
   * @param in the stream, at the magic string
   * @param name file or stream name used in error messages
   * @return the array, row-major
   * @throws IOException when the stream cannot be read or is not a supported {@code .npy} array
   */
  public static NpyArray read(InputStream in, String name, long length) throws IOException {
    Layout layout = readLayout(in, name);
    NpyHeader header = layout.header;
    double[] values = NpyValues.read(in, name, header, length < 0 ? -1 : length - layout.dataOffset);
    if (in.read() != -1) {
      throw new DataFormatException(name, "unexpected bytes after the " + header.count() + " values the header "
          + "declares");
    }
    int[] shape = header.shape();
    if (header.fortranOrder() && shape.length == 2) {
      values = transposeColumnMajor(shape[0], shape[1], values);
    }
    return new NpyArray(shape, values);
  }

  /** Row-major copy of a {@code rows × cols} array stored column-major in {@code colMajor}. */
  private static double[] transposeColumnMajor(int rows, int cols, double[] colMajor) {
    double[] rowMajor = new double[colMajor.length];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        rowMajor[r * cols + c] = colMajor[r + c * rows];
      }
    }
    return rowMajor;
  }

  /**
   * Writes {@code array} to {@code file} atomically (temporary file in the same directory, then rename).
   *
   * @param file the file to replace
   * @param array the values
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, NpyArray array) throws IOException {
    AtomicFiles.write(file, out -> write(out, array));
  }

  /**
   * Writes {@code array} as a version 1.0 {@code <f8} C-order {@code .npy} image to {@code out}, then flushes it.
   * The stream is not closed.
   *
   * @param out the stream
   * @param array the values
   * @throws IOException when the stream cannot be written
   */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    String dict = NpyHeader.formatFloat64(array.shape());
    int preamble = MAGIC.length + 2 + 2; // magic, version, uint16 header length
    int unpadded = preamble + dict.length() + 1; // + final '\n'
    int padded = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
    StringBuilder header = new StringBuilder(dict);
    header.append(" ".repeat(padded - unpadded)).append('\n');

    ByteBuffer head = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    head.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(head.array());

    double[] data = array.data();
    byte[] buf = new byte[NpyValues.CHUNK_BYTES];
    DoubleBuffer doubles = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    for (int done = 0; done < data.length; ) {
      int n = Math.min(data.length - done, NpyValues.CHUNK_BYTES / Double.BYTES);
      doubles.clear();
      doubles.put(data, done, n);
      out.write(buf, 0, n * Double.BYTES);
      done += n;
    }
    out.flush();
  }

  /**
   * A 1-D array of shape {@code (values.length)} sharing {@code values} (not copied).
   *
   * @param values the values
   * @return the array
   */
  public static NpyArray ofVector(double[] values) {
    return new NpyArray(new int[] {values.length}, values);
  }

  /**
   * A 2-D {@code rows × cols} array sharing {@code rowMajor} (not copied); element (r, c) is at r·cols + c.
   *
   * @param rows rows
   * @param cols columns
   * @param rowMajor the rows·cols values
   * @return the array
   */
  public static NpyArray ofMatrix(int rows, int cols, double[] rowMajor) {
    return new NpyArray(new int[] {rows, cols}, rowMajor);
  }

  /**
   * A 2-D {@code rows × cols} array from a column-major matrix (element (r, c) at r + c·rows), as the project's BLAS
   * code stores them. {@code colMajor} is copied, not modified.
   *
   * @param rows rows
   * @param cols columns
   * @param colMajor the rows·cols values
   * @return the array, row-major
   */
  public static NpyArray ofColumnMajor(int rows, int cols, double[] colMajor) {
    if ((long) rows * cols != colMajor.length) {
      throw new IllegalArgumentException(rows + " x " + cols + " matrix needs " + (long) rows * cols
          + " values, got " + colMajor.length);
    }
    return ofMatrix(rows, cols, transposeColumnMajor(rows, cols, colMajor));
  }

  /**
   * Checks {@code array} has exactly the given dimensions; {@code -1} matches any size.
   *
   * @param name file name used in the message
   * @param array the array
   * @param dims the expected dimensions
   * @throws DataFormatException e.g. {@code A.npy: shape (250, 400) does not match expected (250, 500)}
   */
  public static void requireShape(NpyArray array, String name, int... dims) throws DataFormatException {
    int[] shape = array.shape();
    boolean ok = shape.length == dims.length;
    for (int k = 0; ok && k < dims.length; k++) {
      ok = dims[k] == -1 || dims[k] == shape[k];
    }
    if (!ok) {
      throw new DataFormatException(name, "shape " + array.shapeString() + " does not match expected "
          + NpyArray.formatShape(dims));
    }
  }

  /**
   * Whether every value is finite (no NaN, no ±Inf).
   *
   * @param array the array
   * @return true when no value is NaN or infinite
   */
  public static boolean allFinite(NpyArray array) {
    return firstNonFinite(array.data()) < 0;
  }

  /**
   * Checks every value is finite.
   *
   * @param name file name used in the message
   * @param array the array
   * @throws DataFormatException e.g. {@code b.npy: contains NaN or Inf at index 7 (row 1, column 3)}, naming the
   *     first offending value in row-major order
   */
  public static void requireFinite(NpyArray array, String name) throws DataFormatException {
    int i = firstNonFinite(array.data());
    if (i >= 0) {
      String where = array.rank() == 2 ? " (row " + i / array.cols() + ", column " + i % array.cols() + ")" : "";
      throw new DataFormatException(name, "contains NaN or Inf at index " + i + where);
    }
  }

  private static int firstNonFinite(double[] data) {
    for (int i = 0; i < data.length; i++) {
      if (!Double.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }
}
