package io.bmo.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The look shared by every report figure (fonts, palette, white plot with light grid, legend below) and the files
 * of a figure: {@code NAME.png} (raster, shown in the page) and {@code NAME.svg} (the same drawing as vectors, for
 * papers), both drawn by JFreeChart from one chart object. The SVG is deterministic (fixed id prefix).
 */
public final class Figures {
  /** Distinguishable colours (Tableau 10). */
  static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
      new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F),
      new Color(0xBAB0AC)};
  static final int WIDTH = 1000;
  static final int HEIGHT = 560;
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Color GRID = new Color(0xDDDDDD);
  /** Extra space around tick labels, in pixels (vertical on the y axis; twice this horizontally on x). */
  private static final double TICK_GAP = 12;

  static {
    // JFreeChart draws rotated text (y-axis label, vertical column labels) as glyph outlines by default, a
    // workaround for old JDKs; plain drawString keeps that text as SVG <text>, selectable and editable in papers.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Figures() {}

  /**
   * The SVG file written beside {@code png}.
   *
   * @param png the PNG file
   * @return the SVG file
   */
  public static Path svgOf(Path png) {
    String n = png.getFileName().toString();
    return png.resolveSibling((n.endsWith(".png") ? n.substring(0, n.length() - 4) : n) + ".svg");
  }

  /**
   * HTML showing figure {@code png} (a file name in the page's directory) with a link to its SVG.
   *
   * @param png the PNG file name
   * @return the HTML fragment
   */
  public static String html(String png) {
    String svg = svgOf(Path.of(png)).toString();
    return "<figure><img src=\"" + Report.esc(png) + "\" alt=\"" + Report.esc(png) + "\"><figcaption><a href=\""
        + Report.esc(svg) + "\">" + Report.esc(svg) + "</a> (vector)</figcaption></figure>\n";
  }

  /** A linear axis with tick labels in {@link Locale#ROOT}, optionally whole numbers only, no zero forced in. */
  static NumberAxis linear(String label, boolean integers, double margin) {
    NumberAxis a = new NumberAxis(label);
    a.setStandardTickUnits(integers ? NumberAxis.createIntegerTickUnits(Locale.ROOT)
        : NumberAxis.createStandardTickUnits(Locale.ROOT));
    a.setAutoRangeIncludesZero(false);
    a.setLowerMargin(margin);
    a.setUpperMargin(margin);
    return a;
  }

  /** Applies the shared look to an XY plot and its axes. Modifies {@code plot}. */
  static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.BLACK);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    for (ValueAxis a : new ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
      a.setLabelFont(LABEL);
      a.setTickLabelFont(TICK);
      a.setTickLabelPaint(Color.DARK_GRAY);
    }
    // JFreeChart spaces automatic ticks by the label size including these insets: about 10 ticks per axis
    plot.getRangeAxis().setTickLabelInsets(new RectangleInsets(TICK_GAP, 4, TICK_GAP, 4));
    plot.getDomainAxis().setTickLabelInsets(new RectangleInsets(4, 2 * TICK_GAP, 4, 2 * TICK_GAP));
  }

  /** A chart with the shared title font, white background and the legend (if any) below the plot. */
  static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    style(plot);
    JFreeChart c = new JFreeChart(title, TITLE, plot, legend);
    c.setBackgroundPaint(Color.WHITE);
    LegendTitle l = c.getLegend();
    if (l != null) {
      l.setPosition(RectangleEdge.BOTTOM);
      l.setItemFont(TICK);
      l.setFrame(BlockBorder.NONE);
    }
    return c;
  }

  /** Writes {@code png} and {@link #svgOf}(png) at {@code width}×{@code height} pixels. */
  static void write(JFreeChart chart, int width, int height, Path png) throws IOException {
    ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix("bmo");
    chart.draw(g, new Rectangle(0, 0, width, height));
    SVGUtils.writeToSVG(svgOf(png).toFile(), g.getSVGElement());
  }
}
