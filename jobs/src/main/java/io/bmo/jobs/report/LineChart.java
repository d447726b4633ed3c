package io.bmo.jobs.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with Java2D: curves with shaded bands (e.g. mean ± std over seeds), axes with nice ticks,
 * optional log-y, a legend on the right. Written as PNG.
 */
public final class LineChart {
  /** Distinguishable colours (Tableau 10). */
  static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
      new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F),
      new Color(0xBAB0AC)};
  static final int WIDTH = 1000;
  static final int HEIGHT = 520;
  static final int LEFT = 80;
  static final int RIGHT = 340;
  static final int TOP = 44;
  static final int BOTTOM = 56;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();

  public LineChart(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  public LineChart add(Series s) {
    series.add(s);
    return this;
  }

  public boolean isEmpty() {
    return series.isEmpty();
  }

  /** Renders to a PNG file. */
  public void write(Path png) throws IOException {
    ImageIO.write(render(), "png", png.toFile());
  }

  BufferedImage render() {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (Series s : series) {
      xs.add(s.x());
      ys.add(s.y());
      ys.add(s.lo());
      ys.add(s.hi());
    }
    Axis ax = Axis.covering(xs, false, false);
    Axis ay = Axis.covering(ys, logY, true);
    int pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    frame(g, ax, ay, pw, ph, title, xLabel, yLabel);
    g.setClip(LEFT, TOP, pw + 1, ph + 1);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Color c = PALETTE[i % PALETTE.length];
      if (s.lo() != null && s.hi() != null) {
        band(g, s, ax, ay, pw, ph, c);
      }
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      g.setColor(PALETTE[i % PALETTE.length]);
      g.setStroke(new BasicStroke(2f));
      Path2D.Double p = new Path2D.Double();
      boolean pen = false;
      int points = 0;
      for (int k = 0; k < s.x().length; k++) {
        if (!ok(s.y()[k])) {
          pen = false;
          continue;
        }
        double px = LEFT + ax.frac(s.x()[k]) * pw;
        double py = TOP + (1 - ay.frac(s.y()[k])) * ph;
        if (pen) {
          p.lineTo(px, py);
        } else {
          p.moveTo(px, py);
          pen = true;
        }
        points++;
      }
      g.draw(p);
      if (points <= 12) {
        for (int k = 0; k < s.x().length; k++) {
          if (ok(s.y()[k])) {
            double px = LEFT + ax.frac(s.x()[k]) * pw;
            double py = TOP + (1 - ay.frac(s.y()[k])) * ph;
            g.fillOval((int) px - 3, (int) py - 3, 7, 7);
          }
        }
      }
    }
    g.setClip(null);
    legend(g, series.stream().map(Series::label).toList());
    g.dispose();
    return img;
  }

  private boolean ok(double v) {
    return Double.isFinite(v) && (!logY || v > 0);
  }

  private void band(Graphics2D g, Series s, Axis ax, Axis ay, int pw, int ph, Color c) {
    Path2D.Double p = new Path2D.Double();
    List<double[]> upper = new ArrayList<>();
    List<double[]> lower = new ArrayList<>();
    for (int k = 0; k < s.x().length; k++) {
      if (ok(s.lo()[k]) && ok(s.hi()[k])) {
        double px = LEFT + ax.frac(s.x()[k]) * pw;
        upper.add(new double[] {px, TOP + (1 - ay.frac(s.hi()[k])) * ph});
        lower.add(new double[] {px, TOP + (1 - ay.frac(s.lo()[k])) * ph});
      }
    }
    if (upper.size() < 2) {
      return;
    }
    p.moveTo(upper.get(0)[0], upper.get(0)[1]);
    for (double[] q : upper) {
      p.lineTo(q[0], q[1]);
    }
    for (int k = lower.size() - 1; k >= 0; k--) {
      p.lineTo(lower.get(k)[0], lower.get(k)[1]);
    }
    p.closePath();
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.18f));
    g.setColor(c);
    g.fill(p);
    g.setComposite(AlphaComposite.SrcOver);
  }

  static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    return g;
  }

  /** Title, plot frame, grid, ticks and axis labels. The x axis is skipped when {@code ax} is null. */
  static void frame(Graphics2D g, Axis ax, Axis ay, int pw, int ph, String title, String xLabel, String yLabel) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 26);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double v : ay.ticks()) {
      int y = (int) Math.round(TOP + (1 - ay.frac(v)) * ph);
      g.setColor(new Color(0xE6E6E6));
      g.drawLine(LEFT, y, LEFT + pw, y);
      g.setColor(Color.DARK_GRAY);
      String s = Axis.format(v);
      g.drawString(s, LEFT - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
    }
    if (ax != null) {
      for (double v : ax.ticks()) {
        int x = (int) Math.round(LEFT + ax.frac(v) * pw);
        g.setColor(new Color(0xE6E6E6));
        g.drawLine(x, TOP, x, TOP + ph);
        g.setColor(Color.DARK_GRAY);
        String s = Axis.format(v);
        g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + 16);
      }
      g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 12);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    AffineTransform old = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(TOP + ph / 2 + fm.stringWidth(yLabel) / 2), 18);
    g.setTransform(old);
  }

  static void legend(Graphics2D g, List<String> labels) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int x = WIDTH - RIGHT + 14;
    int y = TOP + 6;
    for (int i = 0; i < labels.size(); i++) {
      g.setColor(PALETTE[i % PALETTE.length]);
      g.fillRect(x, y + 2, 14, 10);
      g.setColor(Color.BLACK);
      String s = labels.get(i);
      while (fm.stringWidth(s) > RIGHT - 40 && s.length() > 4) {
        s = s.substring(0, s.length() - 2);
      }
      g.drawString(s.equals(labels.get(i)) ? s : s + "…", x + 20, y + 12);
      y += 18;
    }
  }
}
