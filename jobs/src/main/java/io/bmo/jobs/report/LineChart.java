package io.bmo.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A line chart (JFreeChart): curves with shaded bands (e.g. mean ± std over seeds), optional log-y, legend below;
 * written as PNG and SVG ({@link Figures#write}). A point whose y is not finite (or not positive on a log axis)
 * breaks its curve; a band is drawn through the points where both edges are drawable. Curves with at most
 * {@link #MARKED_POINTS} points also get a marker per point.
 */
public final class LineChart {
  /** Curves this short get markers (a handful of evaluations would otherwise look like straight lines). */
  static final int MARKED_POINTS = 12;
  /** Opacity of a band. */
  private static final float BAND_ALPHA = 0.18f;
  /** Fraction of the x range added at both ends so end markers are not cut by the plot frame. */
  private static final double X_MARGIN = 0.01;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();

  /**
   * An empty chart.
   *
   * @param title the chart title
   * @param xLabel the x-axis label
   * @param yLabel the y-axis label
   * @param logY whether the y axis is logarithmic
   */
  public LineChart(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  /**
   * Adds a curve.
   *
   * @param s the curve
   * @return this chart
   */
  public LineChart add(Series s) {
    series.add(s);
    return this;
  }

  /** {@return whether no curve was added} */
  public boolean isEmpty() {
    return series.isEmpty();
  }

  /**
   * Renders to {@code png} and to the SVG beside it ({@link Figures#svgOf}).
   *
   * @param png the PNG file
   * @throws IOException when a file cannot be written
   */
  public void write(Path png) throws IOException {
    Figures.write(chart(), Figures.WIDTH, Figures.HEIGHT, png);
  }

  private boolean ok(double v) {
    return Double.isFinite(v) && (!logY || v > 0);
  }

  JFreeChart chart() {
    XYSeriesCollection lines = new XYSeriesCollection();
    YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    DeviationRenderer bandRenderer = new DeviationRenderer(false, false);
    bandRenderer.setAlpha(BAND_ALPHA);
    bandRenderer.setDefaultSeriesVisibleInLegend(false);
    boolean integerX = true;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Color c = Figures.PALETTE[i % Figures.PALETTE.length];
      XYSeries line = new XYSeries(i + ": " + s.label(), false, true);
      int points = 0;
      for (int k = 0; k < s.x().length; k++) {
        integerX &= s.x()[k] == Math.rint(s.x()[k]);
        boolean good = ok(s.y()[k]) && Double.isFinite(s.x()[k]);
        line.add(s.x()[k], good ? s.y()[k] : Double.NaN);
        points += good ? 1 : 0;
      }
      lines.addSeries(line);
      lineRenderer.setSeriesPaint(i, c);
      lineRenderer.setSeriesStroke(i, new BasicStroke(2f));
      lineRenderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
      lineRenderer.setSeriesShapesVisible(i, points <= MARKED_POINTS);
      YIntervalSeries band = new YIntervalSeries(i + ": " + s.label(), false, true);
      for (int k = 0; s.lo() != null && s.hi() != null && k < s.x().length; k++) {
        if (ok(s.lo()[k]) && ok(s.hi()[k]) && Double.isFinite(s.x()[k])) {
          double mid = ok(s.y()[k]) ? s.y()[k] : s.lo()[k];
          band.add(s.x()[k], mid, s.lo()[k], s.hi()[k]);
        }
      }
      bands.addSeries(band);
      bandRenderer.setSeriesFillPaint(i, c);
      bandRenderer.setSeriesPaint(i, c);
    }
    ValueAxis y = logY ? new DecadeAxis(yLabel) : Figures.linear(yLabel, false, 0.05);
    XYPlot plot = new XYPlot(lines, Figures.linear(xLabel, integerX, X_MARGIN), y, lineRenderer);
    plot.setDataset(1, bands);
    plot.setRenderer(1, bandRenderer);
    lineRenderer.setLegendItemLabelGenerator((d, s) -> series.get(s).label());
    return Figures.chart(title, plot, true);
  }
}
