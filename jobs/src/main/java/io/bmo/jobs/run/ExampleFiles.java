package io.bmo.jobs.run;

import io.bmo.core.train.ArraySource;
import io.bmo.core.train.ExampleSource;
import io.bmo.datasets.io.NpyArray;
import io.bmo.jobs.UserError;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Examples from two files of rows ({@code FamilyConfig#examples}): two {@code .npy} files are streamed by row ranges
 * on the executors ({@link NpyRowSource}) when their headers allow it; anything else ({@code .csv}, Parquet, small or
 * unusual {@code .npy}) is read whole on the driver ({@link MatrixFiles}) into an {@link ArraySource}.
 */
public final class ExampleFiles {
  private ExampleFiles() {}

  /**
   * Example i is row i of {@code inputs} and row i of {@code targets}.
   *
   * @param inputs the inputs' file (local path or Hadoop URI)
   * @param inputsColumn the Parquet array column of the inputs (ignored for .npy and .csv)
   * @param inputDim values per input row
   * @param targets the targets' file
   * @param targetsColumn the Parquet array column of the targets (ignored for .npy and .csv)
   * @param targetDim values per target row
   * @param hadoop the Hadoop configuration
   * @return the examples
   * @throws UserError naming the file for a missing or damaged file, a row of the wrong width or different row counts
   */
  public static ExampleSource pair(String inputs, String inputsColumn, int inputDim, String targets,
      String targetsColumn, int targetDim, Configuration hadoop) {
    if (inputs.toLowerCase(Locale.ROOT).endsWith(".npy") && targets.toLowerCase(Locale.ROOT).endsWith(".npy")) {
      NpyRowSource streamed = NpyRowSource.open(inputs, targets, inputDim, targetDim, hadoop);
      if (streamed != null) {
        return streamed;
      }
    }
    NpyArray b = MatrixFiles.read(inputs, inputsColumn, hadoop, -1, inputDim);
    NpyArray x = MatrixFiles.read(targets, targetsColumn, hadoop, -1, targetDim);
    if (x.rows() != b.rows()) {
      throw new UserError(MatrixFiles.rowMismatch(targets, x.rows(), inputs, b.rows()));
    }
    return new ArraySource(inputDim, targetDim, b.data(), x.data());
  }
}
