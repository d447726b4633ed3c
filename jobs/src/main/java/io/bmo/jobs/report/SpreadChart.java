package io.bmo.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Seed spread per config: one column per config (in the given order, e.g. rank), a dot per seed, a bar at the mean
 * and a whisker for the 95 % confidence interval. Drawn with Java2D, written as PNG.
 */
public final class SpreadChart {
  /** One config: its label, per-seed values, mean and CI (NaN when unknown). */
  public record Column(String label, double[] values, double mean, double ciLow, double ciHigh) {}

  private final String title;
  private final String yLabel;
  private final List<Column> columns = new ArrayList<>();

  public SpreadChart(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  public SpreadChart add(Column c) {
    columns.add(c);
    return this;
  }

  public void write(Path png) throws IOException {
    ImageIO.write(render(), "png", png.toFile());
  }

  BufferedImage render() {
    int labelSpace = 190;
    int width = Math.max(LineChart.WIDTH, LineChart.LEFT + 40 + columns.size() * 28);
    int height = LineChart.HEIGHT + labelSpace;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = LineChart.canvas(img);
    List<double[]> ys = new ArrayList<>();
    for (Column c : columns) {
      ys.add(c.values());
      ys.add(new double[] {c.ciLow(), c.ciHigh()});
    }
    Axis ay = Axis.covering(ys, false, true);
    int pw = width - LineChart.LEFT - 40;
    int ph = LineChart.HEIGHT - LineChart.TOP - LineChart.BOTTOM;
    int top = LineChart.TOP;
    LineChart.frame(g, null, ay, pw, ph, title, "", yLabel);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    double dx = (double) pw / Math.max(1, columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      int cx = (int) Math.round(LineChart.LEFT + (i + 0.5) * dx);
      Color col = LineChart.PALETTE[0];
      if (Double.isFinite(c.ciLow()) && Double.isFinite(c.ciHigh())) {
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.2f));
        int y1 = py(ay, c.ciLow(), top, ph);
        int y2 = py(ay, c.ciHigh(), top, ph);
        g.drawLine(cx, y1, cx, y2);
        g.drawLine(cx - 4, y1, cx + 4, y1);
        g.drawLine(cx - 4, y2, cx + 4, y2);
      }
      g.setColor(col);
      int k = 0;
      for (double v : c.values()) {
        if (Double.isFinite(v)) {
          int jitter = ((k++ % 5) - 2) * 2;
          g.fillOval(cx + jitter - 3, py(ay, v, top, ph) - 3, 7, 7);
        }
      }
      if (Double.isFinite(c.mean())) {
        g.setColor(LineChart.PALETTE[2]);
        g.setStroke(new BasicStroke(2.5f));
        int y = py(ay, c.mean(), top, ph);
        g.drawLine(cx - 9, y, cx + 9, y);
      }
      g.setColor(Color.BLACK);
      AffineTransform old = g.getTransform();
      g.translate(cx + fm.getAscent() / 2 - 1, top + ph + 8);
      g.rotate(Math.PI / 2);
      String s = c.label();
      while (fm.stringWidth(s) > labelSpace + LineChart.BOTTOM - 20 && s.length() > 4) {
        s = s.substring(0, s.length() - 2);
      }
      g.drawString(s, 0, 0);
      g.setTransform(old);
    }
    g.dispose();
    return img;
  }

  private static int py(Axis ay, double v, int top, int ph) {
    return (int) Math.round(top + (1 - ay.frac(v)) * ph);
  }
}
