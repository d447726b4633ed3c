package io.bmo.datasets.deblur;

import io.bmo.core.deconv.BlurKernel;
import io.bmo.datasets.io.DataFormatException;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blur kernels stored as 2-D {@code .npy} arrays in the orientation of a true convolution (as {@link BlurKernel}), one
 * per file, {@code kernel_1.npy}, {@code kernel_2.npy}, … in a directory.
 *
 * <p>Each kernel must be finite and sum to 1 within {@link #SUM_TOLERANCE}. A dimension of even size n is padded
 * with one zero row (column) at the bottom (right), which keeps the centre at index ⌊n/2⌋. Every failure is one
 * {@link IOException} line naming the file.
 */
public final class KernelFiles {
  /**
   * How far from 1 the taps may sum: kernels saved in float64 sum to 1 within ~1e-15 and float32 ones within
   * ~1e-7; 1e-6 accepts both and still rejects any kernel that was not normalised.
   */
  public static final double SUM_TOLERANCE = 1e-6;
  private static final Pattern NAME = Pattern.compile("kernel_([1-9][0-9]{0,8})\\.npy");

  private KernelFiles() {}

  /**
   * Reads one kernel file (checks in the class comment).
   *
   * @param file a {@code .npy} file
   * @return the kernel
   * @throws IOException when the file cannot be read or is not such a kernel
   */
  public static BlurKernel read(Path file) throws IOException {
    String name = file.toString();
    NpyArray a = Npy.read(file);
    if (a.rank() != 2 || a.rows() < 1 || a.cols() < 1) {
      throw new DataFormatException(name, "a blur kernel must be a non-empty 2-D array, got shape "
          + a.shapeString());
    }
    Npy.requireFinite(a, name);
    double sum = 0;
    for (double t : a.data()) {
      sum += t;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      throw new DataFormatException(name, "kernel taps sum to " + sum + ", expected 1 within " + SUM_TOLERANCE);
    }
    int rows = a.rows() | 1;
    int cols = a.cols() | 1;
    double[] taps = new double[rows * cols];
    for (int r = 0; r < a.rows(); r++) {
      System.arraycopy(a.data(), r * a.cols(), taps, r * cols, a.cols());
    }
    return new BlurKernel(rows, cols, taps);
  }

  /**
   * The kernels {@code kernel_1.npy} … {@code kernel_N.npy} of a directory, in numeric order; other files are
   * ignored. Fails if there are none or the numbering has a gap.
   *
   * @param dir the directory
   * @return the kernels, kernel 1 first
   * @throws IOException when the directory or a file cannot be read, or a file is not such a kernel
   */
  public static List<BlurKernel> readDirectory(Path dir) throws IOException {
    return readAll(list(dir));
  }

  /**
   * The kernel files of {@link #readDirectory}, in numeric order, without reading them.
   *
   * @param dir the directory
   * @return the files, {@code kernel_1.npy} first
   * @throws IOException when the directory cannot be listed, has no kernel or the numbering has a gap
   */
  public static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no such kernel directory: " + dir);
    }
    TreeMap<Integer, Path> byNumber = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "kernel_*.npy")) {
      for (Path f : files) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          byNumber.put(Integer.parseInt(m.group(1)), f);
        }
      }
    }
    if (byNumber.isEmpty()) {
      throw new IOException("no kernel_<n>.npy files in " + dir);
    }
    for (int i = 1; i <= byNumber.size(); i++) {
      if (!byNumber.containsKey(i)) {
        throw new IOException("kernel directory " + dir + " has " + byNumber.lastEntry().getValue().getFileName()
            + " but no kernel_" + i + ".npy");
      }
    }
    return new ArrayList<>(byNumber.values());
  }

  private static List<BlurKernel> readAll(List<Path> files) throws IOException {
    List<BlurKernel> kernels = new ArrayList<>(files.size());
    for (Path f : files) {
      kernels.add(read(f));
    }
    return kernels;
  }
}
