package io.bmo.core.family;

import java.util.List;

/**
 * A table of test-set metrics over values of one evaluation setting, e.g. test NMSE against the number of layers of an
 * unrolled model. The engine evaluates the test set at every value ({@code ShardTask#evaluate} with the values as
 * its settings), folds the sums and asks {@link #row} for each value's columns.
 *
 * @param setting the setting's column name (e.g. {@code layers})
 * @param file the CSV written into the run directory (e.g. {@code nmse_vs_layers.csv}); its stem names the JSON field
 * @param trained the value the run was trained at
 * @param defaults the values evaluated when the user names none
 * @param max the largest value accepted
 * @param columns the metric columns after the setting
 * @param row the metrics of one value from its folded evaluation sums, one per column
 */
public record SettingTable(String setting, String file, int trained, int[] defaults, int max, List<String> columns,
    Row row) {
  /** The metric columns of one setting value. */
  @FunctionalInterface
  public interface Row {
    double[] values(double[] sums);
  }
}
