package io.bmo.jobs.io;

import io.bmo.core.param.ParamLayout;
import io.bmo.datasets.io.DataFormatException;
import io.bmo.datasets.io.Npy;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * ω as a directory of {@code .npy} files, one per {@link ParamLayout} block ({@code theta.npy}, {@code step.npy},
 * {@code W.npy}, …), each with the block's shape. Gradients are written the same way.
 */
public final class OmegaFiles {
  private OmegaFiles() {}

  /**
   * Reads ω; every block's file must exist with exactly the layout's shape and finite values.
   *
   * @param dir the omega directory
   * @param layout the blocks to read
   * @return ω
   * @throws UserError naming the file and the problem
   */
  public static double[] read(Path dir, ParamLayout layout) {
    if (!Files.isDirectory(dir)) {
      throw new UserError(dir + ": omega directory does not exist");
    }
    double[] omega = new double[layout.size()];
    for (ParamLayout.Block b : layout.blocks()) {
      Path f = dir.resolve(b.name() + ".npy");
      if (!Files.isRegularFile(f)) {
        throw new UserError(f + ": missing (the model needs " + describe(layout) + ")");
      }
      try {
        NpyArray a = Npy.read(f);
        Npy.requireShape(a, f.toString(), b.shape());
        Npy.requireFinite(a, f.toString());
        System.arraycopy(a.data(), 0, omega, b.offset(), b.size());
      } catch (DataFormatException e) {
        throw new UserError(e.getMessage(), e);
      } catch (IOException e) {
        throw new UserError(f + ": cannot read: " + e.getMessage(), e);
      }
    }
    return omega;
  }

  /**
   * Writes each block of {@code values} to {@code dir/<name>.npy} (atomically per file); creates dir.
   *
   * @param dir the omega directory
   * @param layout the blocks
   * @param values ω
   * @throws IOException when a file cannot be written
   */
  public static void write(Path dir, ParamLayout layout, double[] values) throws IOException {
    Files.createDirectories(dir);
    for (ParamLayout.Block b : layout.blocks()) {
      double[] part = Arrays.copyOfRange(values, b.offset(), b.offset() + b.size());
      int[] shape = b.shape();
      NpyArray arr = shape.length == 1 ? Npy.ofVector(part) : Npy.ofMatrix(shape[0], shape[1], part);
      Npy.write(dir.resolve(b.name() + ".npy"), arr);
    }
  }

  /**
   * "theta.npy (4), step.npy (4)" for messages.
   *
   * @param layout the blocks
   * @return the list of files and sizes
   */
  public static String describe(ParamLayout layout) {
    StringBuilder sb = new StringBuilder();
    for (ParamLayout.Block b : layout.blocks()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(b.name()).append(".npy ").append(Arrays.toString(b.shape()).replace('[', '(').replace(']', ')'));
    }
    return sb.toString();
  }
}
