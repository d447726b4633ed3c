package io.bmo.jobs.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 logarithmic axis whose major ticks are readable numbers: powers of ten over wide ranges, then 1-2-5 or
 * 1…9 × 10^k when those give too few ticks, then evenly spaced round values inside a range narrower than a factor
 * of about two. Labels carry the fewest significant digits that keep every label on the axis distinct
 * (plain below 10⁴ and above 10⁻³, else {@code 2e-05} style). JFreeChart's own {@link LogAxis} labels exponents.
 */
final class DecadeAxis extends LogAxis {
  private static final long serialVersionUID = 1L;
  /** Fewest major ticks wanted before a finer set of multipliers is tried. */
  private static final int MIN_TICKS = 4;
  private static final double[][] MULTIPLIERS = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

  DecadeAxis(String label) {
    super(label);
    setLowerMargin(0.05);
    setUpperMargin(0.05);
  }

  /** Tick values in [lo, hi] (0 &lt; lo &lt; hi), ascending. */
  static List<Double> values(double lo, double hi) {
    List<Double> best = List.of();
    for (double[] ms : MULTIPLIERS) {
      List<Double> out = new ArrayList<>();
      for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
        for (double m : ms) {
          double v = Double.parseDouble(m + "e" + k);
          if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
            out.add(v);
          }
        }
      }
      best = out;
      if (out.size() >= MIN_TICKS) {
        return out;
      }
    }
    if (best.size() >= 2) {
      return best;
    }
    double raw = (hi - lo) / 5;
    double e = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / e;
    double step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
    List<Double> out = new ArrayList<>();
    for (long i = (long) Math.ceil(lo / step); i * step <= hi * (1 + 1e-12); i++) {
      out.add(new BigDecimal(i * step).round(new MathContext(12)).doubleValue());
    }
    return out;
  }

  /** Labels for {@code vs}: the fewest significant digits (1–8) that make them pairwise distinct. */
  static List<String> labels(List<Double> vs) {
    for (int digits = 1; ; digits++) {
      List<String> out = new ArrayList<>();
      for (double v : vs) {
        out.add(label(v, digits));
      }
      Set<String> seen = new HashSet<>(out);
      if (seen.size() == out.size() || digits == 8) {
        return out;
      }
    }
  }

  static String label(double v, int digits) {
    BigDecimal b = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e4) {
      return b.toPlainString();
    }
    int exp = b.precision() - b.scale() - 1;
    BigDecimal mant = b.movePointLeft(exp).stripTrailingZeros();
    return String.format(Locale.ROOT, "%se%s%02d", mant.toPlainString(), exp < 0 ? "-" : "+", Math.abs(exp));
  }

  private List<Tick> ticks(boolean vertical, RectangleEdge edge) {
    List<Double> vs = values(getLowerBound(), getUpperBound());
    List<String> ls = labels(vs);
    List<Tick> out = new ArrayList<>();
    for (int i = 0; i < vs.size(); i++) {
      TextAnchor anchor = vertical
          ? edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT
          : edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
      out.add(new NumberTick(vs.get(i), ls.get(i), anchor, anchor, 0.0));
    }
    return out;
  }

  @Override
  protected List<Tick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return ticks(true, edge);
  }

  @Override
  protected List<Tick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return ticks(false, edge);
  }
}
