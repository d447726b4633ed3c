package io.bmo.core.family;

/**
 * A report panel drawn from a CSV table a run directory may hold (e.g. the {@link SettingTable} file written by
 * {@code evaluate}): y against x, one curve per run (a sweep: the mean over a config's seeds). The image is named
 * after the file ({@code nmse_vs_layers.csv} → {@code nmse_vs_layers.png}).
 *
 * @param file the CSV in the run directory
 * @param x its x column
 * @param y its y column
 */
public record TablePanel(String file, String x, String y, String title, String xLabel, String yLabel) {
  /** The image's file name. */
  public String image() {
    return file.replaceAll("\\.csv$", "") + ".png";
  }
}
