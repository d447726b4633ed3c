package io.bmo.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.YIntervalRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Seed spread per config (JFreeChart): one column per config in the given order (e.g. rank) labelled below, a dot
 * per seed (slightly jittered so equal values stay visible), a bar at the mean and a whisker for the 95 % confidence
 * interval; written as PNG and SVG ({@link Figures#write}).
 */
public final class SpreadChart {
  /** One config: its label, per-seed values, mean and CI (NaN when unknown). */
  public record Column(String label, double[] values, double mean, double ciLow, double ciHigh) {}

  /** Column labels longer than this are cut (with "…") so the plot keeps its height. */
  static final int LABEL_CHARS = 42;
  /** Height below the plot for the vertical column labels. */
  private static final int LABEL_SPACE = 230;
  /** Pixels per column beyond which the figure grows wider than {@link Figures#WIDTH}. */
  private static final int COLUMN_PIXELS = 28;
  /** Horizontal offset between seeds of one column, in column widths. */
  private static final double JITTER = 0.05;

  private final String title;
  private final String yLabel;
  private final String pointName;
  private final String meanName;
  private final List<Column> columns = new ArrayList<>();

  /**
   * An empty chart whose points are seeds.
   *
   * @param title the chart title
   * @param yLabel the y-axis label
   */
  public SpreadChart(String title, String yLabel) {
    this(title, yLabel, "seed", "mean over seeds");
  }

  /**
   * An empty chart.
   *
   * @param title the chart title
   * @param yLabel the y-axis label
   * @param pointName legend of the points
   * @param meanName legend of the column means
   */
  public SpreadChart(String title, String yLabel, String pointName, String meanName) {
    this.title = title;
    this.yLabel = yLabel;
    this.pointName = pointName;
    this.meanName = meanName;
  }

  /**
   * Adds a column.
   *
   * @param c the column
   * @return this chart
   */
  public SpreadChart add(Column c) {
    columns.add(c);
    return this;
  }

  /**
   * Renders to {@code png} and to the SVG beside it ({@link Figures#svgOf}).
   *
   * @param png the PNG file
   * @throws IOException when a file cannot be written
   */
  public void write(Path png) throws IOException {
    int width = Math.max(Figures.WIDTH, 160 + columns.size() * COLUMN_PIXELS);
    Figures.write(chart(), width, Figures.HEIGHT + LABEL_SPACE, png);
  }

  JFreeChart chart() {
    XYSeries means = new XYSeries(meanName, false, true);
    XYSeries seeds = new XYSeries(pointName, false, true);
    YIntervalSeries ci = new YIntervalSeries("95 % CI of the mean", false, true);
    String[] labels = new String[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String l = c.label();
      labels[i] = l.length() > LABEL_CHARS ? l.substring(0, LABEL_CHARS - 1) + "…" : l;
      int k = 0;
      for (double v : c.values()) {
        if (Double.isFinite(v)) {
          seeds.add(i + ((k++ % 5) - 2) * JITTER, v);
        }
      }
      if (Double.isFinite(c.mean())) {
        means.add(i, c.mean());
      }
      if (Double.isFinite(c.ciLow()) && Double.isFinite(c.ciHigh())) {
        ci.add(i, Double.isFinite(c.mean()) ? c.mean() : c.ciLow(), c.ciLow(), c.ciHigh());
      }
    }
    SymbolAxis x = new SymbolAxis(null, labels);
    x.setVerticalTickLabels(true);
    x.setGridBandsVisible(false);
    x.setAutoRange(false);
    x.setRange(-0.5, Math.max(0.5, columns.size() - 0.5));
    XYLineAndShapeRenderer meanRenderer = new XYLineAndShapeRenderer(false, true);
    meanRenderer.setSeriesShape(0, new Rectangle2D.Double(-9, -1.5, 18, 3));
    meanRenderer.setSeriesPaint(0, Figures.PALETTE[2]);
    XYLineAndShapeRenderer seedRenderer = new XYLineAndShapeRenderer(false, true);
    seedRenderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    seedRenderer.setSeriesPaint(0, Figures.PALETTE[0]);
    YIntervalRenderer ciRenderer = new YIntervalRenderer();
    ciRenderer.setSeriesPaint(0, Color.GRAY);
    ciRenderer.setSeriesStroke(0, new BasicStroke(1.2f));
    ciRenderer.setSeriesShape(0, new Rectangle2D.Double(-4, -0.6, 8, 1.2));
    XYPlot plot = new XYPlot(new XYSeriesCollection(means), x, Figures.linear(yLabel, false, 0.05), meanRenderer);
    plot.setDataset(1, new XYSeriesCollection(seeds));
    plot.setRenderer(1, seedRenderer);
    YIntervalSeriesCollection whiskers = new YIntervalSeriesCollection();
    whiskers.addSeries(ci);
    plot.setDataset(2, whiskers);
    plot.setRenderer(2, ciRenderer);
    return Figures.chart(title, plot, true);
  }
}
